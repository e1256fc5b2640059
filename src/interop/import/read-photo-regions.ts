import { access } from 'node:fs/promises';
import type { ExifTool, Struct, Tags } from 'exiftool-vendored';
import { intersectionOverUnion } from '../../domain/geometry.js';
import type { Box } from '../../domain/types.js';
import { sidecarPath } from '../sidecar-path.js';
import { digikamPeople } from './digikam-people-tags.js';
import { mpRegions } from './mp-regions.js';
import { mwgRegions, type ReadRegion, type StoredImage } from './mwg-regions.js';
import { sameName } from './plan-import.js';
import type { NamedRegion, PhotoRegions, RegionFormat } from './read-regions-types.js';

/** Regions from several files or both formats this close (and of the same name) are one region written twice. */
const SAME_REGION_IOU = 0.5;

/**
 * exiftool's JSON leaves values that look like numbers or booleans unquoted, so a person named "1.50" or "True"
 * would come back as 1.5 or true; JSONQ quotes every value and names stay as written. Numbers are then parsed
 * here (tagNumber). -fast is exiftool-vendored's default, kept: regions are never in a JPEG's trailer.
 */
const READ_ARGS = ['-fast', '-api', 'StructFormat=JSONQ'];

/**
 * Everything the photo's sidecars (photo.jpg.xmp and photo.xmp, see sidecar-path.ts) and its embedded XMP say about
 * who is in it. A file that cannot be read is reported by name and the others are still read.
 */
export async function readPhotoRegions(exiftool: ExifTool, photoPath: string): Promise<PhotoRegions> {
  const result: PhotoRegions = { regions: [], unnamed: 0, photoLevelNames: [], errors: [] };
  let photoTags: Tags | null = null;
  try {
    photoTags = await exiftool.read(photoPath, { readArgs: READ_ARGS });
    const problem = readProblem(photoTags, false);
    if (problem !== null) throw new Error(problem);
  } catch (error) {
    result.errors.push(`cannot read ${photoPath}: ${message(error)}`);
  }
  const image: StoredImage = {
    orientation: tagNumber(photoTags?.Orientation) ?? 1,
    width: tagNumber(photoTags?.ImageWidth),
    height: tagNumber(photoTags?.ImageHeight),
  };
  const sources: { file: string; tags: Tags }[] = photoTags === null ? [] : [{ file: photoPath, tags: photoTags }];
  for (const sidecar of new Set([sidecarPath(photoPath), sidecarPath(photoPath, { naming: 'replace-extension' })])) {
    if (!(await exists(sidecar))) continue;
    try {
      const tags = await exiftool.read(sidecar, { readArgs: READ_ARGS });
      const problem = readProblem(tags, true);
      if (problem !== null) throw new Error(problem);
      sources.push({ file: sidecar, tags });
    } catch (error) {
      result.errors.push(`cannot read ${sidecar}: ${message(error)}`);
    }
  }

  const tagged: string[] = [];
  // Unnamed regions are counted once too: facetag's export (and digiKam) writes each face in both forms.
  const unnamed: Box[] = [];
  for (const { file, tags } of sources) {
    const found: [RegionFormat, ReadRegion[]][] = [
      ['mwg', mwgRegions(tags.RegionInfo as Struct | undefined, image)],
      ['mp', mpRegions(tags.RegionInfoMP)],
    ];
    for (const [format, regions] of found) {
      for (const region of regions) {
        if (region.name === null) {
          if (!unnamed.some((box) => intersectionOverUnion(box, region.box) >= SAME_REGION_IOU)) unnamed.push(region.box);
        } else addDistinct(result.regions, { name: region.name, box: region.box, format, file });
      }
    }
    for (const name of digikamPeople(tags.TagsList)) if (!tagged.includes(name)) tagged.push(name);
  }
  result.unnamed = unnamed.length;
  result.photoLevelNames = tagged.filter((name) => !result.regions.some((r) => sameName(r.name, name)));
  return result;
}

function addDistinct(regions: NamedRegion[], region: NamedRegion): void {
  // Same name by the catalog's rule (ignoring case): "Ann" in digiKam's list and "ann" in Microsoft's is one region.
  if (regions.some((r) => sameName(r.name, region.name) && intersectionOverUnion(r.box, region.box) >= SAME_REGION_IOU)) return;
  regions.push(region);
}

/** exiftool reads a damaged sidecar without failing: it warns "XMP format error", or sees no XMP at all. */
function readProblem(tags: Tags, isSidecar: boolean): string | null {
  if (typeof tags.Error === 'string') return tags.Error;
  const broken = (tags.warnings ?? []).find((w) => /XMP format error|not a valid XMP/i.test(w));
  if (broken !== undefined) return `broken XML (${broken})`;
  if (isSidecar && tags.FileType !== 'XMP') return `not an XMP file (exiftool sees ${tags.FileType ?? 'an unknown file type'})`;
  return null;
}

/** A numeric tag read with READ_ARGS (quoted), or null when it is missing or not a number. */
function tagNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
