import type { FaceDetector, FaceEmbedder } from './model.js';
import type { DetectorSpec, EmbedderSpec, PackManifest } from './pack-manifest.js';
import type { LocatedPack } from './pack-registry.js';
import type { InferenceOptions } from './onnx-session.js';
import { YunetDetector } from './families/yunet.js';
import { ArcfaceEmbedder } from './families/arcface.js';
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

// onnxruntime warns on every batched run of models exported with a fixed batch dimension in their output shape;
// the results are right, the warning is noise in a progress display.
ort.env.logLevel = 'error';

export async function loadPack(pack: LocatedPack, inference: InferenceOptions, overrides: PackOverrides = {}): Promise<LoadedPack> {
  const { manifest } = pack;
  const [detector, embedder] = await Promise.all([
    loadDetector(manifest.detector, pack, inference, overrides),
    loadEmbedder(manifest.embedder, pack, inference),
  ]);
  return { manifest, detector, embedder };
}

function fileOf(pack: LocatedPack, file: string): string {
  const path = pack.files.get(file);
  if (!path) throw new Error(`model pack ${pack.manifest.name} has no located file ${file}`);
  return path;
}

async function loadDetector(spec: DetectorSpec, pack: LocatedPack, inference: InferenceOptions, overrides: PackOverrides): Promise<FaceDetector> {
  switch (spec.family) {
    case 'yunet':
      return YunetDetector.load(
        fileOf(pack, spec.file),
        {
          detectSize: overrides.detectSize ?? spec.detectSize,
          minDetectSize: 640,
          scoreThreshold: spec.scoreThreshold,
          nmsIou: spec.nmsIou,
        },
        inference,
      );
  }
}

async function loadEmbedder(spec: EmbedderSpec, pack: LocatedPack, inference: InferenceOptions): Promise<FaceEmbedder> {
  switch (spec.family) {
    case 'arcface':
      return ArcfaceEmbedder.load(fileOf(pack, spec.file), spec, inference);
  }
}
