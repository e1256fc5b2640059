import { fileTypeFromBuffer } from 'file-type';
import { ImageRejectedError } from './image-problem.js';

/**
 * Refuses what is not an image before it takes a worker thread: the type comes from the bytes (magic numbers),
 * never from a name or a Content-Type header. Decoding may still find an image type damaged or unsupported.
 */
export async function requireImageBytes(bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) throw new ImageRejectedError({ kind: 'empty', reason: 'empty body: send the image bytes' });
  const type = await fileTypeFromBuffer(bytes);
  if (type === undefined) throw new ImageRejectedError({ kind: 'not-an-image', reason: 'content is not a recognised image format' });
  if (!type.mime.startsWith('image/')) throw new ImageRejectedError({ kind: 'not-an-image', reason: `content is ${type.mime}, not an image` });
}
