import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_MODELS } from '../../support/shared.js';
import { startFileServer, type FileServer, type ServedFile } from './file-server.js';

/** A local mirror of ../shared/models at `<url>/models/<file>`: what FACETAG_MODELS_MIRROR points at in the tests. */
export function startSharedModelsServer(options: Omit<ServedFile, 'body'> = {}): Promise<FileServer> {
  const files: Record<string, ServedFile> = {};
  for (const name of readdirSync(SHARED_MODELS).filter((n) => n.endsWith('.onnx'))) {
    files[`/models/${name}`] = { body: readFileSync(join(SHARED_MODELS, name)), ...options };
  }
  return startFileServer(files);
}
