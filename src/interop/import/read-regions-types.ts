import type { Box } from '../../domain/types.js';

/** Where a region was written: the MWG structure or Microsoft's (Windows Photo Gallery). */
export type RegionFormat = 'mwg' | 'mp';

/** A named face region as read from one file, in fractions of the upright photo (top-left corner, size). */
export interface NamedRegion {
  name: string;
  box: Box;
  format: RegionFormat;
  /** The sidecar or photo it was read from. */
  file: string;
}

/** What one photo's files say about who is in it. */
export interface PhotoRegions {
  /** Distinct named regions (the same name at the same place in several files or formats counts once). */
  regions: NamedRegion[];
  /** Regions without a name (faces a program found but nobody named): nothing to import. */
  unnamed: number;
  /** Names given to the whole photo only (digiKam's People/ tags without a region): nothing to match them to. */
  photoLevelNames: string[];
  /** Files that could not be read, each message naming the file. */
  errors: string[];
}
