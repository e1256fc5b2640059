import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import { afterAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import { mwgSidecarText, type PixelRegion } from '../interop/import/mwg-sidecar-text.js';
import { deleteAllBelow, s3CliEnv, s3TestSettings } from '../objects/s3/s3-test-server.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

const photos = s3TestSettings();
const client = createS3Client(photos);
const s3Env = s3CliEnv();

afterAll(async () => {
  await deleteAllBelow(client, photos.bucket, photos.prefix);
  client.destroy();
});

async function put(key: string, body: Uint8Array | string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: photos.bucket, Key: `${photos.prefix}${key}`, Body: body }));
}

function exportOf(env: NodeJS.ProcessEnv) {
  const result = runCli(['export', '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return LibraryExportSchema.parse(JSON.parse(result.stdout));
}

/** Writes an MWG region into the photo itself (embedded XMP), with exiftool as digiKam or Lightroom would. */
async function embedRegion(file: string, region: PixelRegion, width: number, height: number): Promise<void> {
  const exiftool = new ExifTool({ maxProcs: 1 });
  try {
    const area = { X: (region.x + region.w / 2) / width, Y: (region.y + region.h / 2) / height, W: region.w / width, H: region.h / height, Unit: 'normalized' };
    const tags = { 'XMP-mwg-rs:RegionInfo': { AppliedToDimensions: { W: width, H: height, Unit: 'pixel' }, RegionList: [{ Area: area, Type: 'Face', Name: region.name }] } };
    await exiftool.write(file, tags as unknown as WriteTags, { writeArgs: ['-overwrite_original'] });
  } finally {
    await exiftool.end();
  }
}

describe('facetag import of photos scanned from a bucket (real S3-compatible server)', () => {
  it('reads both sidecar names from the bucket and the XMP embedded in the object, and adds faces from bucket photos', async () => {
    const person = dataset('small', 'deepface', 'person01');
    const [first, second, third] = readdirSync(person).sort();
    const staging = tempDir('bucket-import-staging');
    const embedded = join(staging, third!);
    copyFileSync(join(person, third!), embedded);
    for (const name of [first!, second!]) await put(`album/${name}`, readFileSync(join(person, name)));
    await put('album/scream.jpg', readFileSync(join(dataset('hard', 'painted_face'), 'darknet_scream.jpg')));
    const bucketUrl = `s3://${photos.bucket}/${photos.prefix}`;
    const env = cliEnv(tempDir('bucket-import-library'), s3Env);

    // The third photo goes up only after its region is embedded, which needs its face box: scan it from disk first.
    const probe = cliEnv(tempDir('bucket-import-probe'));
    expect(runCli(['scan', staging], probe).code).toBe(0);
    const probed = exportOf(probe).photos[0]!;
    const thirdBox = probed.faces[0]!.box;
    await embedRegion(embedded, { name: 'Ann', ...thirdBox }, probed.width, probed.height);
    await put(`album/${third!}`, readFileSync(embedded));

    const scan = runCli(['scan', bucketUrl], env);
    expect(scan.code, scan.stderr).toBe(0);
    const scanned = exportOf(env);
    const byKey = (key: string) => scanned.photos.find((p) => p.path === `${bucketUrl}album/${key}`)!;
    const [a, b, c] = [byKey(first!), byKey(second!), byKey(third!)];
    expect([a.faces.length, b.faces.length, c.faces.length]).toEqual([1, 1, 1]);
    expect(byKey('scream.jpg').faces).toEqual([]);
    // photo.jpg.xmp beside the first, photo.xmp (extension replaced) beside the second.
    await put(`album/${first!}.xmp`, mwgSidecarText([{ name: 'Ann', ...a.faces[0]!.box }], a.width, a.height));
    await put(`album/${second!.replace(/\.[^.]+$/, '')}.xmp`, mwgSidecarText([{ name: 'Ann', ...b.faces[0]!.box }], b.width, b.height));
    await put('album/scream.jpg.xmp', mwgSidecarText([{ name: 'The Screamer', x: 160, y: 215, w: 55, h: 68 }], 352, 448));

    const temp = tempDir('bucket-import-tmp');
    const run = runCli(['import', bucketUrl, '--add-faces'], { ...env, TMPDIR: temp });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.stdout).not.toMatch(/in a bucket not read/);
    // The scan may already have grouped the three photos of one person (who then takes the name) or not.
    expect(run.stdout).toMatch(/^(p\d+ named "Ann", confirmed on 3 faces|new person "Ann" with 3 faces)$/m);
    expect(run.stdout).toMatch(new RegExp(`added face ${byKey('scream.jpg').sha256.slice(0, 16)}\\.\\S+\\.0: ${bucketUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}album/scream\\.jpg: "The Screamer"`));
    expect(run.stdout).toMatch(/^4 named regions read \(0 without a name\), 3 matched, 0 unmatched .*, 1 faces added$/m);
    // The objects were read through temporary copies (facetag-import-*), removed afterwards; other tools leave theirs.
    expect(readdirSync(temp).filter((entry) => entry.startsWith('facetag-import-'))).toEqual([]);

    const after = exportOf(env);
    const named = after.photos.flatMap((p) => p.faces.map((f) => [p.path, f.personName, f.source]));
    expect(named.sort()).toEqual(
      [
        [a.path, 'Ann', 'user'],
        [b.path, 'Ann', 'user'],
        [c.path, 'Ann', 'user'],
        [`${bucketUrl}album/scream.jpg`, 'The Screamer', 'user'],
      ].sort(),
    );

    const again = runCli(['import', `${bucketUrl}album/`], env);
    expect(again.stdout).toMatch(/^4 named regions read \(0 without a name\), 4 matched, 0 unmatched .*4 already named so, 0 faces added$/m);
  });

  it('names the object when a sidecar in the bucket is not XMP, and reads the rest', async () => {
    const person = dataset('small', 'deepface', 'person02');
    const [name] = readdirSync(person).sort();
    await put(`broken/${name!}`, readFileSync(join(person, name!)));
    const url = `s3://${photos.bucket}/${photos.prefix}broken/`;
    const env = cliEnv(tempDir('bucket-broken-library'), s3Env);
    expect(runCli(['scan', url], env).code).toBe(0);
    await put(`broken/${name!}.xmp`, 'this is not XMP');
    const run = runCli(['import', url], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot read ${url}${name!}.xmp: not an XMP file`);
    expect(run.stderr).not.toContain('facetag-import-');
  });
});
