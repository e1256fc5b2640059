import { alignFace } from '../domain/alignment.js';
import { clampBox } from '../domain/geometry.js';
import type { Box, FoundFace, Landmarks5, PhotoMeta, Point } from '../domain/types.js';
import type { FaceDetector, FaceEmbedder } from '../models/model.js';
import { decodePhoto, type DecodeSettings } from './decode.js';
import { assessQuality } from './quality.js';
import { faceThumbnail } from './face-crop.js';

export interface PhotoAnalysis {
  meta: Omit<PhotoMeta, 'sha256'>;
  faces: FoundFace[];
  /** JPEG thumbnails of the faces, in face order (empty when not asked for). */
  crops: Uint8Array[];
  /** Milliseconds spent in each stage, for the benchmark and the progress display. */
  timings: { decode: number; detect: number; embed: number };
}

export interface Analyser {
  detector: FaceDetector;
  embedder: FaceEmbedder;
  decode: DecodeSettings;
  /** Faces smaller than this (pixels of the full photo, shorter side of the box) are ignored as noise. */
  minFaceSize: number;
  makeCrops: boolean;
}

/** Decode → detect → align → embed for one photo. Coordinates in the result are pixels of the full upright photo. */
export async function analysePhoto(bytes: Uint8Array, analyser: Analyser): Promise<PhotoAnalysis> {
  let t = performance.now();
  const decoded = await decodePhoto(bytes, analyser.decode);
  const decodeMs = performance.now() - t;

  t = performance.now();
  const detections = await analyser.detector.detect(decoded.image);
  const detectMs = performance.now() - t;

  t = performance.now();
  const scale = decoded.toFullScale;
  const kept = detections
    .map((d) => ({ ...d, fullBox: scaleBox(d.box, scale) }))
    .filter((d) => Math.min(d.fullBox.w, d.fullBox.h) >= analyser.minFaceSize)
    // Reading order (top to bottom, left to right) gives faces stable indices for a given pack.
    .sort((a, b) => a.fullBox.y - b.fullBox.y || a.fullBox.x - b.fullBox.x);
  const aligned = kept.map((d) => alignFace(decoded.image, d.landmarks, analyser.embedder.crop));
  const embeddings = aligned.length > 0 ? await analyser.embedder.embed(aligned) : [];
  const embedMs = performance.now() - t;

  const faces = kept.map((d, index): FoundFace => {
    const landmarks = d.landmarks.map((p) => [p[0] * scale, p[1] * scale] as Point) as unknown as Landmarks5;
    return {
      index,
      box: clampBox(d.fullBox, decoded.meta.width, decoded.meta.height),
      score: d.score,
      landmarks,
      quality: assessQuality(d.fullBox, landmarks, aligned[index]!),
      embedding: embeddings[index]!,
    };
  });
  const crops = analyser.makeCrops ? await Promise.all(kept.map((d) => faceThumbnail(decoded.image, d.box))) : [];
  return { meta: decoded.meta, faces, crops, timings: { decode: decodeMs, detect: detectMs, embed: embedMs } };
}

function scaleBox(box: Box, scale: number): Box {
  return { x: box.x * scale, y: box.y * scale, w: box.w * scale, h: box.h * scale };
}
