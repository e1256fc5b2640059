import path from 'node:path';

/**
 * How a sidecar is named after its photo.
 *
 * - 'keep-extension' (default): `IMG_1.jpg` -> `IMG_1.jpg.xmp`. digiKam writes and reads this name by default,
 *   darktable uses it too, and it cannot collide: `IMG_1.jpg` and `IMG_1.cr2` (a RAW+JPEG pair) get one sidecar each.
 *   exiftool reads any sidecar it is pointed at, whatever its name.
 * - 'replace-extension': `IMG_1.jpg` -> `IMG_1.xmp`. What Lightroom/Adobe Camera Raw and exiftool's documented
 *   `-o %d%f.xmp` recipe produce, and digiKam's "compatible with commercial programs" setting.
 */
export type SidecarNaming = 'keep-extension' | 'replace-extension';

export interface SidecarPathOptions {
  naming?: SidecarNaming;
  /** Write below this folder instead of beside the photo, repeating the photo's absolute path inside it. */
  outDir?: string;
}

export function sidecarPath(photoPath: string, options: SidecarPathOptions = {}): string {
  const bucket = /^s3:\/\/(.+)$/.exec(photoPath);
  if (bucket) {
    // Nothing can be written beside an object in a bucket: its sidecar goes below outDir as <outDir>/<bucket>/<key>.xmp.
    if (options.outDir === undefined) throw new Error(`${photoPath} is in a bucket: give a folder for its sidecar (export --out DIR)`);
    return path.join(path.resolve(options.outDir), sidecarName(bucket[1]!, options.naming ?? 'keep-extension'));
  }
  const absolute = path.resolve(photoPath);
  const named = sidecarName(absolute, options.naming ?? 'keep-extension');
  if (options.outDir === undefined) return named;
  // Repeating the whole path (minus the root, or drive on Windows) keeps sidecars of same-named photos in
  // different folders apart and lets a user copy the tree back over the photos.
  const { root } = path.parse(named);
  return path.join(path.resolve(options.outDir), named.slice(root.length));
}

function sidecarName(photoPath: string, naming: SidecarNaming): string {
  if (naming === 'keep-extension') return `${photoPath}.xmp`;
  const { dir, name } = path.parse(photoPath);
  return path.join(dir, `${name}.xmp`);
}
