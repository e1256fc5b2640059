import type { Box } from '../../domain/types.js';

/** A region's name as the file gives it (exiftool may hand a numeric-looking name over as a number); blank is none. */
export function regionName(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const name = String(value);
  return name.trim() === '' ? null : name;
}

/** A normalised box that lies (at least partly) in the photo and has a size, or null for nonsense values. */
export function validBox(box: Box): Box | null {
  const { x, y, w, h } = box;
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) return null;
  if (x >= 1 || y >= 1 || x + w <= 0 || y + h <= 0) return null;
  return box;
}
