/**
 * Why an uploaded image cannot be analysed, as a kind a caller can act on: the HTTP layer turns each kind into its
 * status (empty 400, not an image or unsupported 415, too many pixels 413, corrupt or wrong size 422).
 */
export type ImageProblemKind = 'empty' | 'not-an-image' | 'unsupported' | 'too-many-pixels' | 'corrupt' | 'wrong-size';

export interface ImageProblem {
  kind: ImageProblemKind;
  reason: string;
}

/** Thrown by the inference service for an image the caller sent that cannot be analysed; never a server fault. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
  constructor(readonly problem: ImageProblem) {
    super(problem.reason);
  }
}

/**
 * The kind of a decoder's refusal (UnreadablePhotoError's message, see src/pipeline/decode.ts). The messages are
 * the decoder's contract with users (scan errors show them), so they are matched here rather than changed.
 */
export function classifyUnreadable(reason: string): ImageProblemKind {
  if (/^empty file/.test(reason)) return 'empty';
  if (/too many pixels/.test(reason)) return 'too-many-pixels';
  if (/unsupported/.test(reason)) return 'unsupported';
  return 'corrupt';
}
