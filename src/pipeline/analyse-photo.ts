import { alignFace } from '../domain/alignment.js';
import { clampBox } from '../domain/geometry.js';
import type { Box, FoundFace, Landmarks5, PhotoMeta, Point, RgbImage } from '../domain/types.js';
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

/** A photo's faces before embedding: what detection alone gives, and what embedding and crops start from. */
export interface DetectedPhoto {
  meta: Omit<PhotoMeta, 'sha256'>;
  faces: Omit<FoundFace, 'embedding'>[];
  /** The embedder's aligned crops, in face order. */
  aligned: RgbImage[];
  /** The decoded (analysis-size) image and each face's box in it, for thumbnails. */
  image: RgbImage;
  analysisBoxes: Box[];
  timings: { decode: number; detect: number; align: number };
}

/** Decode → detect → align for one photo, without embedding (detection-only callers skip the recogniser). */
export async function detectPhoto(bytes: Uint8Array, analyser: Analyser): Promise<DetectedPhoto> {
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
  const faces = kept.map((d, index) => {
    const landmarks = d.landmarks.map((p) => [p[0] * scale, p[1] * scale] as Point) as unknown as Landmarks5;
    return {
      index,
      box: clampBox(d.fullBox, decoded.meta.width, decoded.meta.height),
      score: d.score,
      landmarks,
      quality: assessQuality(d.fullBox, landmarks, aligned[index]!),
    };
  });
  const alignMs = performance.now() - t;
  return { meta: decoded.meta, faces, aligned, image: decoded.image, analysisBoxes: kept.map((d) => d.box), timings: { decode: decodeMs, detect: detectMs, align: alignMs } };
}

/** Decode → detect → align → embed for one photo. Coordinates in the result are pixels of the full upright photo. */
export async function analysePhoto(bytes: Uint8Array, analyser: Analyser): Promise<PhotoAnalysis> {
  const detected = await detectPhoto(bytes, analyser);
  const t = performance.now();
  const embeddings = detected.aligned.length > 0 ? await analyser.embedder.embed(detected.aligned) : [];
  // Alignment counts as part of embedding, as it always has in the timings the benchmarks print.
  const embedMs = detected.timings.align + performance.now() - t;
  const faces = detected.faces.map((f): FoundFace => ({ ...f, embedding: embeddings[f.index]! }));
  const crops = analyser.makeCrops ? await Promise.all(detected.analysisBoxes.map((box) => faceThumbnail(detected.image, box))) : [];
  return { meta: detected.meta, faces, crops, timings: { decode: detected.timings.decode, detect: detected.timings.detect, embed: embedMs } };
}

function scaleBox(box: Box, scale: number): Box {
  return { x: box.x * scale, y: box.y * scale, w: box.w * scale, h: box.h * scale };
}
