import type { Struct } from 'exiftool-vendored';
import type { ReadRegion } from './mwg-regions.js';
import { regionName, validBox } from './region-values.js';

/**
 * Face regions of Microsoft's RegionInfo (Windows Photo Gallery; digiKam writes it too): Rectangle "x, y, w, h" with
 * x/y the TOP-LEFT corner, in fractions of the photo (WIC "People Tagging Overview"). Microsoft's page does not say
 * which way up; Windows Photo Gallery tags the photo as it shows it, upright, which is also what facetag's export
 * writes (xmp-region-tags.ts), so the rectangle is taken as on the upright photo.
 */
export function mpRegions(info: Struct | undefined): ReadRegion[] {
  const list = info?.Regions;
  if (!Array.isArray(list)) return [];
  const regions: ReadRegion[] = [];
  for (const entry of list as Struct[]) {
    if (typeof entry.Rectangle !== 'string') continue;
    const parts = entry.Rectangle.split(',').map((v) => Number(v.trim()));
    if (parts.length !== 4) continue;
    const box = validBox({ x: parts[0]!, y: parts[1]!, w: parts[2]!, h: parts[3]! });
    if (box !== null) regions.push({ name: regionName(entry.PersonDisplayName), box });
  }
  return regions;
}
