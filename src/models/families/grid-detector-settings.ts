/** Settings shared by the detectors that scan a whole photo at one resolution (YuNet, SCRFD). */
export interface GridDetectorSettings {
  /** Longest side the photo is scaled to before detection; bigger finds smaller faces and costs more. */
  detectSize: number;
  /** Photos smaller than this are enlarged to it, so that the face filling a thumbnail is still found. */
  minDetectSize: number;
  scoreThreshold: number;
  nmsIou: number;
}

/**
 * The longest side a photo is detected at. Never enlarges an ordinary photo (it costs time and finds nothing new);
 * only images smaller than minDetectSize grow.
 */
export function detectionLongSide(settings: GridDetectorSettings, longSide: number): number {
  return Math.min(settings.detectSize, Math.max(longSide, settings.minDetectSize));
}
