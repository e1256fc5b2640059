import { packFiles, type PackManifest } from './pack-manifest.js';

/** What getting a pack takes: nothing (built from npm packages), a pull of so many bytes, or files no source serves. */
export type PackDownload =
  | { kind: 'built-in' }
  | { kind: 'pull'; bytes: number; restrictedLicence: boolean }
  | { kind: 'no-source'; files: string[] };

export function packDownload(manifest: PackManifest): PackDownload {
  const files = packFiles(manifest);
  if (files.length === 0) return { kind: 'built-in' };
  const withoutSource = files.filter((f) => f.sources.length === 0).map((f) => f.file);
  if (withoutSource.length > 0) return { kind: 'no-source', files: withoutSource };
  return {
    kind: 'pull',
    bytes: files.reduce((sum, f) => sum + (f.bytes ?? 0), 0),
    // Same rule as the licence gate: terms not recorded are not permission.
    restrictedLicence: files.some((f) => f.licence?.commercialUse !== true),
  };
}

/** The words `models list` shows for it. */
export function describePackDownload(download: PackDownload): string {
  switch (download.kind) {
    case 'built-in':
      return 'built in (npm packages)';
    case 'pull':
      return `facetag models pull: ${Math.round(download.bytes / 1e6)} MB${download.restrictedLicence ? ', needs --accept-licence' : ''}`;
    case 'no-source':
      return `no source for ${download.files.join(', ')}: copy by hand`;
  }
}
