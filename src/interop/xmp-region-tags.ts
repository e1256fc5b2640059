import type { Struct } from 'exiftool-vendored';
import type { FaceRegion } from './face-regions.js';

/** exiftool tag names with their group, so a same-named tag of another schema can never be written instead. */
export const MWG_REGIONS_TAG = 'XMP-mwg-rs:RegionInfo';
export const MP_REGIONS_TAG = 'XMP-MP:RegionInfoMP';

export type RegionTags = Record<typeof MWG_REGIONS_TAG | typeof MP_REGIONS_TAG, Struct>;

/**
 * Face regions in the two XMP forms photo managers read:
 * - MWG (digiKam, Lightroom, Picasa, Immich): Area x/y is the normalised CENTRE of the box, w/h its normalised size,
 *   with AppliedToDimensions telling which image size the numbers were measured on.
 * - Microsoft Photo (Windows Photo Gallery, older digiKam): Rectangle "x, y, w, h" with x/y the normalised TOP-LEFT.
 * Both are measured on the upright (EXIF-oriented) image, the one people see; facetag's boxes are in that image.
 * Each is written whole, so it replaces whatever regions the sidecar had and leaves every other tag alone.
 */
export function regionTags(regions: readonly FaceRegion[], width: number, height: number): RegionTags {
  return {
    [MWG_REGIONS_TAG]: {
      AppliedToDimensions: { W: width, H: height, Unit: 'pixel' },
      RegionList: regions.map((region): Struct => {
        const { x, y, w, h } = normalised(region, width, height);
        const area = { X: round(x + w / 2), Y: round(y + h / 2), W: round(w), H: round(h), Unit: 'normalized' };
        return region.name === null ? { Area: area, Type: 'Face' } : { Area: area, Type: 'Face', Name: region.name };
      }),
    },
    [MP_REGIONS_TAG]: {
      Regions: regions.map((region): Struct => {
        const { x, y, w, h } = normalised(region, width, height);
        const rectangle = [x, y, w, h].map((v) => String(round(v))).join(', ');
        return region.name === null ? { Rectangle: rectangle } : { PersonDisplayName: region.name, Rectangle: rectangle };
      }),
    },
  };
}

function normalised(region: FaceRegion, width: number, height: number) {
  return { x: region.box.x / width, y: region.box.y / height, w: region.box.w / width, h: region.box.h / height };
}

/** Six decimals is a tenth of a pixel on a 10,000-pixel side, and keeps sidecars readable. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
