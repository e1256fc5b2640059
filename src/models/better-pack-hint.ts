import { packDownload } from './pack-download.js';
import { findPack, knownPacks } from './pack-registry.js';

/**
 * The line a scan ends with when the library runs on the built-in pack, which needs no download but is the least
 * accurate: what to run for the recommended pack, its download size (from the manifest) and its licence, so the
 * user can decide before anything is fetched. Undefined for a library on a downloaded pack.
 */
export function betterPackHint(currentPack: string): string | undefined {
  if (packDownload(findPack(currentPack)).kind !== 'built-in') return undefined;
  const recommended = knownPacks()[0];
  if (!recommended || recommended.name === currentPack) return undefined;
  const download = packDownload(recommended);
  if (download.kind !== 'pull') return undefined;
  const megabytes = Math.max(1, Math.round(download.bytes / 1e6));
  const licence = download.restrictedLicence ? ', non-commercial licence' : '';
  return `for better accuracy: facetag models pull (downloads ${megabytes} MB${licence})`;
}
