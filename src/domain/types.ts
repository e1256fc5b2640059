/** Plain data shared by every stage. No I/O, no library types. */

/** An axis-aligned box in pixels of the upright (EXIF-oriented) image. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Point = readonly [x: number, y: number];

/**
 * Five facial landmarks in the order of the ArcFace template:
 * the eye on the image's left, the eye on the image's right, nose tip,
 * mouth corner on the image's left, mouth corner on the image's right.
 */
export type Landmarks5 = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  box: Box;
  score: number;
  landmarks: Landmarks5;
}

/** An 8-bit interleaved RGB image. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** How usable a face is for recognition, each part in 0..1 (1 is best). */
export interface FaceQuality {
  size: number;
  sharpness: number;
  frontal: number;
  /** Combined score; faces below the pack's seed threshold never start a new person. */
  overall: number;
}

export type Embedding = Float32Array;

export interface PhotoMeta {
  sha256: string;
  width: number;
  height: number;
  format: string;
  takenAt: string | null;
  gps: { lat: number; lon: number } | null;
  camera: string | null;
}

/** One face as found by the pipeline, before it is stored. */
export interface FoundFace {
  /** Position of the face within its photo, in detection order (stable for a given pack). */
  index: number;
  box: Box;
  score: number;
  landmarks: Landmarks5;
  quality: FaceQuality;
  embedding: Embedding;
}

/** Who decided an assignment: the clusterer or a person. User decisions are never undone automatically. */
export type AssignmentSource = 'auto' | 'user';
