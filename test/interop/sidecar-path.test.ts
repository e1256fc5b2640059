import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sidecarPath } from '../../src/interop/sidecar-path.js';

describe('sidecarPath', () => {
  it("appends .xmp to the photo's full name by default, as digiKam does", () => {
    expect(sidecarPath('/photos/2024/IMG_1.JPG')).toBe('/photos/2024/IMG_1.JPG.xmp');
  });

  it('replaces the extension when asked, as Lightroom does', () => {
    expect(sidecarPath('/photos/2024/IMG_1.JPG', { naming: 'replace-extension' })).toBe('/photos/2024/IMG_1.xmp');
    expect(sidecarPath('/photos/my.trip/scan', { naming: 'replace-extension' })).toBe('/photos/my.trip/scan.xmp');
  });

  it('repeats the absolute photo path below outDir', () => {
    expect(sidecarPath('/photos/2024/IMG_1.jpg', { outDir: '/exports/xmp' })).toBe('/exports/xmp/photos/2024/IMG_1.jpg.xmp');
    expect(sidecarPath('/photos/2024/IMG_1.jpg', { outDir: '/exports/xmp', naming: 'replace-extension' })).toBe(
      '/exports/xmp/photos/2024/IMG_1.xmp',
    );
  });

  it('resolves a relative outDir against the working directory', () => {
    expect(sidecarPath('/photos/a.jpg', { outDir: 'out' })).toBe(path.join(process.cwd(), 'out', 'photos', 'a.jpg.xmp'));
  });
});

describe('sidecars of photos in a bucket', () => {
  it('go below the output folder as bucket/key.xmp, and need one', () => {
    expect(sidecarPath('s3://photos/2024/a.jpg', { outDir: '/out' })).toBe('/out/photos/2024/a.jpg.xmp');
    expect(() => sidecarPath('s3://photos/2024/a.jpg')).toThrow(/is in a bucket: give a folder/);
  });
});
