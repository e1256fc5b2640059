import type { FacetagLibrary } from '../../api/facetag-library.js';
import type { RegionFaceAdder } from '../../interop/import/add-region-faces.js';
import { BucketObjects } from '../../library/bucket-objects.js';
import type { ImportOptions } from '../../interop/import/import-face-names.js';
import { PhotoBytes } from '../../library/photo-bytes.js';
import { analysisSetup } from '../../library/scan-library.js';
import type { Analyser } from '../../pipeline/analyse-photo.js';
import { analyserFromSetup } from '../../pipeline/analyser-from-setup.js';

/** What `facetag import` reads photos and sidecars with, and (with --add-faces) makes faces with; close() ends it. */
export interface ImportSources {
  options: Pick<ImportOptions, 'addFaces' | 'bucket'>;
  close(): void;
}

export async function importSources(lib: FacetagLibrary, addFaces: boolean, dryRun: boolean): Promise<ImportSources> {
  const photoBytes = new PhotoBytes(lib.config);
  const objects = new BucketObjects(lib.config);
  const bucket = { photo: (photo: { sha256: string; path: string }) => photoBytes.read(photo), optional: (url: string) => objects.readIfPresent(url) };
  let adder: RegionFaceAdder | undefined;
  if (addFaces) {
    const pack = await lib.pack();
    let analyser: Promise<Analyser> | null = null;
    adder = {
      dryRun,
      pack,
      minFaceSize: lib.config.minFaceSize,
      // In this process, one photo at a time: the regions to embed are few, the pool's threads not worth starting.
      analyser: () => (analyser ??= analyserFromSetup(analysisSetup(lib.config, pack))),
      catalog: lib.backends.catalog,
      objects: lib.backends.objects,
      readPhoto: (photo) => photoBytes.read(photo),
    };
  }
  return {
    options: { bucket, ...(adder ? { addFaces: adder } : {}) },
    close: () => {
      photoBytes.close();
      objects.close();
    },
  };
}
