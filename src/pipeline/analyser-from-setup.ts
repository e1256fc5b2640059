import type { AnalysisSetup } from '../jobs/job-runner.js';
import { loadPack } from '../models/load-pack.js';
import { findPack, locatePack } from '../models/pack-registry.js';
import type { PackManifest } from '../models/pack-manifest.js';
import type { Analyser } from './analyse-photo.js';

/** Loads the pack a setup names, checking its weights, and builds the analyser every worker uses. */
export async function analyserFromSetup(setup: AnalysisSetup): Promise<Analyser> {
  const manifest = findPack(setup.pack);
  const located = await locatePack(manifest, setup.modelDirs);
  if (!located.available) {
    const bad = located.badChecksum.length > 0 ? `; wrong checksum: ${located.badChecksum.join(', ')}` : '';
    throw new Error(`model pack ${setup.pack} is not installed: missing ${located.missing.join(', ')} in ${setup.modelDirs.join(', ')}${bad}`);
  }
  const pack = await loadPack(
    located.located,
    { inference: { executionProviders: setup.executionProviders, intraOpThreads: setup.intraOpThreads }, cacheDir: setup.cacheDir },
    { detectSize: setup.detectSize },
  );
  return {
    detector: pack.detector,
    embedder: pack.embedder,
    decode: { analysisSize: analysisSize(pack.manifest.detector, setup.detectSize), maxPixels: setup.maxPixels },
    minFaceSize: setup.minFaceSize,
    makeCrops: setup.makeCrops,
  };
}

/** The decoded photo serves both the detector and alignment, so it is as big as the larger of the two needs. */
export function analysisSize(detector: PackManifest['detector'], detectSizeOverride: number | undefined): number {
  const detectSize = detectSizeOverride ?? detector.detectSize;
  const alignSize = 'alignSize' in detector ? detector.alignSize : undefined;
  return Math.max(detectSize, alignSize ?? detectSize);
}
