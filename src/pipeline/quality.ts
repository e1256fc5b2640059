import type { Box, FaceQuality, Landmarks5, RgbImage } from '../domain/types.js';

/**
 * Quality parts, each in 0..1. The constants are where the curve saturates; they were chosen by looking at
 * faces in ../shared/datasets: below ~24 px faces are mush, a nose more than half an eye distance off the
 * eye midline is a strong turn, and a Laplacian variance of ~100 on the aligned crop is visibly sharp.
 */
export const QUALITY_CURVE = {
  smallestUsefulFace: 20,
  comfortableFace: 64,
  maxNoseOffset: 0.6,
  sharpnessHalfPoint: 60,
};

export function assessQuality(box: Box, landmarks: Landmarks5, aligned: RgbImage): FaceQuality {
  const size = clamp01((Math.min(box.w, box.h) - QUALITY_CURVE.smallestUsefulFace) / (QUALITY_CURVE.comfortableFace - QUALITY_CURVE.smallestUsefulFace));
  const frontal = frontalness(landmarks);
  const variance = laplacianVariance(aligned);
  const sharpness = variance / (variance + QUALITY_CURVE.sharpnessHalfPoint);
  return { size, sharpness, frontal, overall: size * frontal * Math.sqrt(sharpness) };
}

/** 1 for a face looking at the camera, falling towards 0 as the nose leaves the middle between the eyes. */
export function frontalness(landmarks: Landmarks5): number {
  const [leftEye, rightEye, nose, leftMouth, rightMouth] = landmarks;
  const eyeDistance = Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]);
  if (eyeDistance === 0) return 0;
  const midX = (leftEye[0] + rightEye[0] + leftMouth[0] + rightMouth[0]) / 4;
  const offset = Math.abs(nose[0] - midX) / eyeDistance;
  return clamp01(1 - offset / QUALITY_CURVE.maxNoseOffset);
}

/** Variance of the 4-neighbour Laplacian of the grey image: low for blurred faces. */
export function laplacianVariance(image: RgbImage): number {
  const { width, height, data } = image;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) grey[i] = 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
