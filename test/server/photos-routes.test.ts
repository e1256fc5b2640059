import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { expectProblem, getOk, rawGet, type FaceBody, type PageBody, type PersonBody, type PhotoBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * The photo and face routes against a real `facetag serve`: the scanned small/deepface library plus two photos
 * stored rotated (EXIF orientation 6 and 3), so the served images can be checked for being upright.
 */
const photosDir = dataset('small', 'deepface');
const ROTATED = ['deepface_person01__orient6.jpg', 'deepface_person10__orient3.jpg'];

interface ExportedLibrary {
  photos: { sha256: string; path: string; width: number; height: number; takenAt: string | null; faces: { id: string; personId: string | null }[] }[];
}

let server: ServeProcess;
let library: string;
let exported: ExportedLibrary;
let rotatedDir: string;

beforeAll(async () => {
  library = scannedLibraryCopy('deepface', photosDir);
  const env = cliEnv(library);
  rotatedDir = join(tempDir('rotated-photos'), 'rotated');
  mkdirSync(rotatedDir);
  for (const name of ROTATED) copyFileSync(dataset('hard', 'generated', 'exif_orientation', name), join(rotatedDir, name));
  ok(runCli(['scan', rotatedDir], env));
  exported = JSON.parse(ok(runCli(['export', '--format', 'json'], env)).stdout) as ExportedLibrary;
  server = await startServe([], env);
});
afterAll(async () => {
  await server?.stop();
});

function ok(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const photoAt = (path: string) => exported.photos.find((p) => p.path === path)!;

async function image(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; bytes: Buffer }> {
  const res = await server.api(path, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/photos', () => {
  it('lists every photo in capture order, undated last, with its face count, in pages', async () => {
    const all = await getOk<PageBody<PhotoBody>>(server, '/api/photos?limit=500');
    expect(all.total).toBe(exported.photos.length);
    expect(all.items.length).toBe(exported.photos.length);
    const dated = all.items.filter((p) => p.takenAt !== null).map((p) => p.takenAt!);
    expect(dated).toEqual([...dated].sort());
    expect(all.items.slice(dated.length).every((p) => p.takenAt === null)).toBe(true);
    for (const photo of all.items) {
      const known = exported.photos.find((p) => p.sha256 === photo.id)!;
      expect(photo).toEqual({ id: known.sha256, path: known.path, width: known.width, height: known.height, takenAt: photo.takenAt, faces: known.faces.length });
    }
    expect((await getOk<PageBody<PhotoBody>>(server, '/api/photos?offset=10&limit=7')).items).toEqual(all.items.slice(10, 17));
    expect((await getOk<PageBody<PhotoBody>>(server, '/api/photos')).items.length).toBe(Math.min(100, all.total));
  });

  it('keeps the photos showing all the given people, as facetag photos does', async () => {
    const people = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500')).items;
    const { edges } = await getOk<{ edges: { source: string; target: string; photos: number }[] }>(server, '/api/graph');
    const strangers = people.flatMap((a) => people.map((b) => [a.id, b.id])).find(([a, b]) => a !== b && !edges.some((e) => [e.source, e.target].includes(a!) && [e.source, e.target].includes(b!)))!;
    const asked = [[people[0]!.id], ...edges.slice(0, 2).map((e) => [e.source, e.target]), strangers];
    for (const ids of asked) {
      const args = ['photos', '--person', ids[0]!, ...ids.slice(1).flatMap((id) => ['--with', id]), '--json'];
      const fromCli = (JSON.parse(ok(runCli(args, cliEnv(library))).stdout) as { sha256: string }[]).map((p) => p.sha256).sort();
      const page = await getOk<PageBody<PhotoBody>>(server, `/api/photos?people=${ids.join(',')}&limit=500`);
      expect(page.items.map((p) => p.id).sort()).toEqual(fromCli);
      const edge = edges.find((e) => ids.length === 2 && [e.source, e.target].sort().join() === [...ids].sort().join());
      expect(page.total).toBe(ids.length === 1 ? people[0]!.photos : (edge?.photos ?? 0));
    }
    expect((await getOk<PageBody<PhotoBody>>(server, `/api/photos?people=${people[0]!.id}`)).total).toBe(people[0]!.photos);
    expect(await expectProblem(server, 'GET', '/api/photos?people=p999999', 404)).toContain('p999999');
    expect(await expectProblem(server, 'GET', '/api/photos?people=p1,Alice', 400)).toContain('Alice');
  });

  it('keeps the photos taken within a range of days, both ends included', async () => {
    const dated = exported.photos.filter((p) => p.takenAt !== null).map((p) => p.takenAt!.slice(0, 10)).sort();
    expect(dated.length).toBeGreaterThan(4);
    const [from, to] = [dated[1]!, dated.at(-2)!];
    const inRange = dated.filter((day) => day >= from && day <= to).length;
    const page = await getOk<PageBody<PhotoBody>>(server, `/api/photos?from=${from}&to=${to}&limit=500`);
    expect(page.total).toBe(inRange);
    expect(page.items.every((p) => p.takenAt !== null && p.takenAt.slice(0, 10) >= from && p.takenAt.slice(0, 10) <= to)).toBe(true);
    expect((await getOk<PageBody<PhotoBody>>(server, `/api/photos?from=${dated[0]}&to=${dated[0]}`)).total).toBe(dated.filter((d) => d === dated[0]).length);
    for (const bad of ['from=2024-02-30', 'to=yesterday', 'from=2024-05-02&to=2024-05-01', 'from=2024-1-1']) {
      await expectProblem(server, 'GET', `/api/photos?${bad}`, 400);
    }
  });
});

describe('GET /api/photos/:id', () => {
  it('answers one photo with its faces, 404 for an unknown sha256 and 400 for anything else', async () => {
    const known = exported.photos.find((p) => p.faces.length > 0)!;
    const photo = await getOk<PhotoBody & { faceList: FaceBody[] }>(server, `/api/photos/${known.sha256}`);
    expect(photo).toMatchObject({ id: known.sha256, path: known.path, faces: known.faces.length });
    expect(photo.faceList.map((f) => [f.id, f.personId])).toEqual(known.faces.map((f) => [f.id, f.personId]));
    expect(photo.faceList.every((f) => f.photoId === known.sha256)).toBe(true);
    await expectProblem(server, 'GET', `/api/photos/${'0'.repeat(64)}`, 404);
    for (const bad of ['abc', known.sha256.toUpperCase(), `${known.sha256}0`]) await expectProblem(server, 'GET', `/api/photos/${bad}`, 400);
  });

  it('shows rotated photos with their upright size', () => {
    for (const name of ROTATED) {
      const photo = photoAt(join(rotatedDir, name));
      // orient6 is stored 600x800 and shows 800x600; orient3 (upside down) keeps its sides.
      expect([photo.width, photo.height]).toEqual(name.includes('orient6') ? [800, 600] : [533, 800]);
    }
  });
});

describe('GET /api/photos/:id/image', () => {
  it('answers a JPEG whose longest side is the size asked for, never enlarged, with ETag and Cache-Control', async () => {
    const big = exported.photos.reduce((a, b) => (Math.max(a.width, a.height) >= Math.max(b.width, b.height) ? a : b));
    const { res, bytes } = await image(`/api/photos/${big.sha256}/image?size=300`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(res.headers.get('etag')).toBe(`"${big.sha256}-300-jpeg-v1"`);
    expect(res.headers.get('vary')).toMatch(/accept/i);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(300);
    expect(meta.width! / meta.height!).toBeCloseTo(big.width / big.height, 1);
    // No EXIF (no GPS position) leaves the server inside the picture.
    expect(meta.exif).toBeUndefined();

    const whole = await sharp((await image(`/api/photos/${big.sha256}/image`)).bytes).metadata();
    expect(Math.max(whole.width!, whole.height!)).toBe(Math.min(1600, Math.max(big.width, big.height)));
    const small = exported.photos.find((p) => Math.max(p.width, p.height) < 1000)!;
    const notEnlarged = await sharp((await image(`/api/photos/${small.sha256}/image?size=4096`)).bytes).metadata();
    expect([notEnlarged.width, notEnlarged.height]).toEqual([small.width, small.height]);
  });

  it('answers WebP when Accept asks for it, and 304 when the client has the same rendition', async () => {
    const photo = exported.photos[0]!;
    const path = `/api/photos/${photo.sha256}/image?size=200`;
    const webp = await image(path, { accept: 'image/avif,image/webp,*/*;q=0.8' });
    expect(webp.res.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(webp.bytes).metadata()).format).toBe('webp');
    const tag = webp.res.headers.get('etag')!;
    expect(tag).toBe(`"${photo.sha256}-200-webp-v1"`);

    const again = await image(path, { accept: 'image/webp', 'if-none-match': tag });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.res.headers.get('etag')).toBe(tag);
    // The WebP's tag does not stand for the JPEG, nor one size for another.
    expect((await image(path, { 'if-none-match': tag })).res.status).toBe(200);
    expect((await image(`/api/photos/${photo.sha256}/image?size=201`, { accept: 'image/webp', 'if-none-match': tag })).res.status).toBe(200);
    expect((await image(path, { accept: 'image/webp;q=0' })).res.headers.get('content-type')).toBe('image/jpeg');
  });

  it('turns rotated photos upright, as a viewer shows them', async () => {
    for (const name of ROTATED) {
      const file = join(rotatedDir, name);
      const photo = photoAt(file);
      const served = await image(`/api/photos/${photo.sha256}/image?size=200`);
      const { data, info } = await sharp(served.bytes).raw().toBuffer({ resolveWithObject: true });
      const upright = await sharp(readFileSync(file)).rotate().toBuffer();
      const meanDifference = async (reference: sharp.Sharp) => {
        const expected = await reference.removeAlpha().resize(info.width, info.height, { fit: 'fill' }).raw().toBuffer();
        let sum = 0;
        for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - expected[i]!);
        return sum / data.length;
      };
      expect(info.width > info.height).toBe(photo.width > photo.height);
      // Resampling and JPEG noise only; the same picture turned half round differs several times as much.
      const right = await meanDifference(sharp(upright));
      const turned = await meanDifference(sharp(upright).rotate(180));
      expect(right).toBeLessThan(12);
      expect(turned).toBeGreaterThan(right * 3);
    }
  });

  it('refuses sizes out of range or not numbers with 400', async () => {
    const id = exported.photos[0]!.sha256;
    for (const size of ['31', '4097', '12.5', 'big', '..%2f..%2fetc%2fpasswd', '../../etc/passwd']) {
      expect(await expectProblem(server, 'GET', `/api/photos/${id}/image?size=${size}`, 400)).toMatch(/size/);
    }
    await expectProblem(server, 'GET', `/api/photos/${'f'.repeat(64)}/image`, 404);
  });
});

describe('faces', () => {
  it('answers one face, 404 for an unknown id and 400 for a malformed one', async () => {
    const photo = exported.photos.find((p) => p.faces.some((f) => f.personId !== null))!;
    const known = photo.faces.find((f) => f.personId !== null)!;
    const face = await getOk<FaceBody>(server, `/api/faces/${known.id}`);
    expect(face).toMatchObject({ id: known.id, photoId: photo.sha256, personId: known.personId, source: 'auto' });
    const person = await getOk<PersonBody>(server, `/api/people/${known.personId}`);
    expect(face.personName).toBe(person.name);
    await expectProblem(server, 'GET', `/api/faces/${photo.sha256.slice(0, 16)}.yunet-scrfd500m-w600k.99`, 404);
    for (const bad of ['x', '0123456789abcdef', '0123456789ABCDEF.pack.0', '0123456789abcdef.pack.0%2f..']) {
      await expectProblem(server, 'GET', `/api/faces/${bad}`, 400);
    }
  });

  it('serves the stored crop as a JPEG with the face id as ETag, and 304 when the client has it', async () => {
    const faceId = exported.photos.flatMap((p) => p.faces)[0]!.id;
    const crop = await image(`/api/faces/${faceId}/crop`);
    expect(crop.res.status).toBe(200);
    expect(crop.res.headers.get('content-type')).toBe('image/jpeg');
    expect(crop.res.headers.get('etag')).toBe(`"${faceId}"`);
    expect(crop.res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(crop.bytes.equals(readFileSync(join(library, 'objects', 'crops', `${faceId}.jpg`)))).toBe(true);
    const meta = await sharp(crop.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 160, 160]);

    const cached = await image(`/api/faces/${faceId}/crop`, { 'if-none-match': `W/"other", "${faceId}"` });
    expect(cached.res.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    expect((await image(`/api/faces/${faceId}/crop`, { 'if-none-match': '"someone-else"' })).res.status).toBe(200);
    await expectProblem(server, 'GET', `/api/faces/${faceId.replace(/\.\d+$/, '.99')}/crop`, 404);
  });
});

describe('path traversal', () => {
  const passwd = readFileSync('/etc/passwd', 'latin1').split('\n')[0]!;

  it('answers every climbing path or id with a 4xx and serves nothing from outside the library', async () => {
    const sha = exported.photos[0]!.sha256;
    const attempts = [
      '/api/photos/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/api/photos/..%2f..%2f..%2f..%2fetc%2fpasswd/image',
      '/api/photos/../../../../etc/passwd',
      '/api/photos/%2e%2e/%2e%2e/%2e%2e/etc/passwd/image',
      `/api/photos/${sha}/image?size=..%2f..%2fetc%2fpasswd`,
      `/api/photos/${sha}/image?size=../../etc/passwd`,
      '/api/faces/..%2f..%2f..%2f..%2fetc%2fpasswd/crop',
      '/api/faces/../../../../etc/passwd/crop',
      '/api/faces/0123456789abcdef.x.0%2f..%2f..%2f..%2fetc%2fpasswd/crop',
      '/api/faces/..%2fcrops%2f..%2f..%2fcatalog.sqlite/crop',
      '/api/people/..%2f..%2fetc%2fpasswd',
      '/api/people/../../etc/passwd/faces',
      '/api/photos?people=..%2f..%2fetc%2fpasswd',
    ];
    for (const path of attempts) {
      const { status, body } = await rawGet(server, path);
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
      expect(body, path).not.toContain(passwd);
      expect(body, path).not.toContain('SQLite format');
    }
  });
});
