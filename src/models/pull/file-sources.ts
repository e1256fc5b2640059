import type { PackFile } from '../pack-manifest.js';

/**
 * The addresses a file is fetched from: the manifest's pinned sources in order, or with a mirror (FACETAG_MODELS_MIRROR,
 * for a site without internet access or a company cache) only `<mirror>/<file>`, so nothing leaves for the internet.
 * The pinned sha256 checks whatever a mirror serves just as it checks the manifest's sources.
 */
export function fileSources(file: PackFile, mirror: string | undefined): string[] {
  if (mirror === undefined || mirror.trim() === '') return file.sources;
  return [`${mirror.trim().replace(/\/+$/, '')}/${encodeURIComponent(file.file)}`];
}
