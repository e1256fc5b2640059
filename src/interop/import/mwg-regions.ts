import type { Struct } from 'exiftool-vendored';
import type { Box } from '../../domain/types.js';
import { storedToUpright, swapsSides } from './exif-orientation.js';
import { regionName, validBox } from './region-values.js';

/** What the photo file says about its pixels: the EXIF orientation and the stored (not yet turned) size. */
export interface StoredImage {
  orientation: number;
  width: number | null;
  height: number | null;
}

export interface ReadRegion {
  name: string | null;
  box: Box;
}

/**
 * Face regions of an MWG RegionInfo structure (digiKam, Lightroom, Picasa, Immich, Apple Photos): Area x/y is the
 * CENTRE, w/h the size, in fractions of the photo as displayed, i.e. after the EXIF orientation (MWG Guidelines 2.0,
 * "Image Region Metadata"; what facetag's export writes, see xmp-region-tags.ts, so this is its exact inverse).
 *
 * One exception is recognised: a region list whose AppliedToDimensions has the stored image's shape although the
 * orientation turns the photo on its side was measured on the stored pixels (digiKam before its fix of KDE bug
 * 372340 wrote such lists); those areas are turned upright. Square photos cannot tell and are taken as displayed.
 */
export function mwgRegions(info: Struct | undefined, image: StoredImage): ReadRegion[] {
  const list = info?.RegionList;
  if (!Array.isArray(list)) return [];
  const measuredOnStored = measuredOnStoredPixels(info?.AppliedToDimensions as Struct | undefined, image);
  const regions: ReadRegion[] = [];
  for (const entry of list as Struct[]) {
    // Other region types (Pet, Focus, BarCode) are not faces; a region without a type is taken as a face.
    if (entry.Type !== undefined && String(entry.Type).toLowerCase() !== 'face') continue;
    const area = entry.Area as Struct | undefined;
    if (area === undefined || (area.Unit !== undefined && area.Unit !== 'normalized')) continue;
    const [x, y, w, h] = [area.X, area.Y, area.W, area.H].map(Number) as [number, number, number, number];
    const centred = validBox({ x: x - w / 2, y: y - h / 2, w, h });
    if (centred === null) continue;
    regions.push({ name: regionName(entry.Name), box: measuredOnStored ? storedToUpright(centred, image.orientation) : centred });
  }
  return regions;
}

function measuredOnStoredPixels(applied: Struct | undefined, image: StoredImage): boolean {
  if (!swapsSides(image.orientation) || image.width === null || image.height === null || image.width === image.height) return false;
  const w = Number(applied?.W);
  const h = Number(applied?.H);
  if (!(w > 0 && h > 0) || w === h) return false;
  // Compared by shape, not size: a program may have measured a smaller preview of the same photo.
  return w > h === image.width > image.height;
}
