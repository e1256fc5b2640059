import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { alignFace } from '../../src/domain/alignment.js';
import { AlignedEmbedResponse, DetectResponse, EmbedResponse, InferenceProblem, RecognizeResponse } from '../../src/server/schemas/inference.js';
import { cliEnv, runCli } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const GENERATED = dataset('hard', 'generated');
const GROUP_PHOTO = dataset('groups', 'faceapijs_bbt4.jpg');
const PERSON01_PHOTO = dataset('small', 'deepface', 'person01', 'img1.jpg');
/** hard/generated/generated.csv: person10/img26.jpg stored with EXIF Orientation=6 (upright only once rotated). */
const ROTATED = join(GENERATED, 'exif_orientation', 'deepface_person10__orient6.jpg');
/** The same picture stored upright (Orientation=1). */
const ROTATED_SOURCE = join(GENERATED, 'exif_orientation', 'deepface_person10__orient1.jpg');

let server: ServeProcess;
let env: NodeJS.ProcessEnv;
/** Person id holding most faces of each deepface folder (person01, ...), from the library's JSON export. */
let personOfFolder: Map<string, string>;

beforeAll(async () => {
  env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')));
  personOfFolder = majorityPeople(env);
  server = await startServe([], env);
});
afterAll(async () => {
  await server?.stop();
});

function majorityPeople(libraryEnv: NodeJS.ProcessEnv): Map<string, string> {
  const exported = runCli(['export', '--format', 'json'], libraryEnv);
  expect(exported.code, exported.stderr).toBe(0);
  const library = JSON.parse(exported.stdout) as { photos: { path: string; faces: { personId: string | null }[] }[] };
  const counts = new Map<string, Map<string, number>>();
  for (const photo of library.photos) {
    const folder = /\/(person\d+)\//.exec(photo.path)?.[1];
    if (!folder) continue;
    for (const face of photo.faces) {
      if (face.personId === null) continue;
      const perPerson = counts.get(folder) ?? new Map<string, number>();
      perPerson.set(face.personId, (perPerson.get(face.personId) ?? 0) + 1);
      counts.set(folder, perPerson);
    }
  }
  return new Map([...counts].map(([folder, people]) => [folder, [...people].sort((a, b) => b[1] - a[1])[0]![0]]));
}

async function post(path: string, body: Uint8Array, type = 'image/jpeg', target: ServeProcess = server): Promise<Response> {
  return target.api(path, { method: 'POST', body, headers: { 'content-type': type } });
}

async function answer<S extends z.ZodTypeAny>(res: Response, schema: S): Promise<z.infer<S>> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return schema.parse(JSON.parse(text));
}

async function problem(res: Response): Promise<{ status: number; body: z.infer<typeof InferenceProblem> }> {
  return { status: res.status, body: InferenceProblem.parse(await res.json()) };
}

const cosine = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** A small real PNG whose header claims 30000x30000 (CRC fixed), as a decompression bomb would. */
async function pixelBombPng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
  // IHDR: length (4) at 8, type at 12, width at 16, height at 20, ..., CRC over type+data at 29.
  png.writeUInt32BE(30000, 16);
  png.writeUInt32BE(30000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('POST /v1/detect', () => {
  it('finds several faces in a group photo, each with 5 landmarks, boxes inside the image', async () => {
    const { width: w, height: h } = await sharp(GROUP_PHOTO).metadata();
    const body = await answer(await post('/v1/detect', readFileSync(GROUP_PHOTO)), DetectResponse);
    expect(body).toMatchObject({ width: w, height: h, pack: 'yunet-scrfd500m-w600k' });
    expect(body.faces.length).toBeGreaterThanOrEqual(5);
    for (const face of body.faces) {
      expect(face.landmarks).toHaveLength(5);
      expect(face.box.x).toBeGreaterThanOrEqual(0);
      expect(face.box.y).toBeGreaterThanOrEqual(0);
      expect(face.box.x + face.box.w).toBeLessThanOrEqual(w + 0.5);
      expect(face.box.y + face.box.h).toBeLessThanOrEqual(h + 0.5);
      expect(face.score).toBeGreaterThan(0.5);
      expect(face).not.toHaveProperty('embedding');
    }
  });

  it('gives boxes in the upright pixels of an EXIF-rotated photo', async () => {
    const stored = await sharp(ROTATED).metadata();
    expect(stored.orientation).toBe(6);
    const rotated = await answer(await post('/v1/detect', readFileSync(ROTATED)), DetectResponse);
    const upright = await answer(await post('/v1/detect', readFileSync(ROTATED_SOURCE)), DetectResponse);
    // Orientation 6 stores the picture turned a quarter: upright, its sides swap.
    expect([rotated.width, rotated.height]).toEqual([stored.height, stored.width]);
    expect([rotated.width, rotated.height]).toEqual([upright.width, upright.height]);
    expect(rotated.faces).toHaveLength(1);
    const [a, b] = [rotated.faces[0]!.box, upright.faces[0]!.box];
    const tolerance = 0.02 * upright.width;
    for (const key of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(a[key] - b[key]), key).toBeLessThan(tolerance);
    // Upright, the eyes are side by side above the nose.
    const [leftEye, rightEye, nose] = rotated.faces[0]!.landmarks;
    expect(rightEye[0] - leftEye[0]).toBeGreaterThan(Math.abs(rightEye[1] - leftEye[1]));
    expect(nose[1]).toBeGreaterThan(Math.max(leftEye[1], rightEye[1]));
  });

  it('takes the image as multipart field "image", and names the field when another is sent', async () => {
    const form = new FormData();
    form.append('image', new Blob([readFileSync(GROUP_PHOTO)]), 'group.jpg');
    const body = await answer(await server.api('/v1/detect', { method: 'POST', body: form }), DetectResponse);
    expect(body.faces.length).toBeGreaterThanOrEqual(5);

    const wrong = new FormData();
    wrong.append('photo', new Blob([readFileSync(GROUP_PHOTO)]), 'group.jpg');
    const refused = await problem(await server.api('/v1/detect', { method: 'POST', body: wrong }));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/field "image"/);
  });

  it('decides the type by content: a JPEG sent as application/octet-stream works, text sent as image/png is refused', async () => {
    const body = await answer(await post('/v1/detect', readFileSync(GROUP_PHOTO), 'application/octet-stream'), DetectResponse);
    expect(body.faces.length).toBeGreaterThanOrEqual(5);
    const text = await problem(await post('/v1/detect', Buffer.from('<html>not a photo</html>'), 'image/png'));
    expect(text.status).toBe(415);
    expect(text.body.detail).toMatch(/POST \/v1\/detect: content is not a recognised image format/);
  });

  it('answers an empty body with 400 and JSON with 415', async () => {
    expect((await problem(await post('/v1/detect', new Uint8Array(0)))).status).toBe(400);
    const json = await problem(await post('/v1/detect', Buffer.from('{"image":"x"}'), 'application/json'));
    expect(json.status).toBe(415);
  });
});

describe('bad images are the client\'s problem, never a 500', () => {
  const STATUS: Record<string, number> = {
    'empty.jpg': 400,
    'random_bytes.jpg': 415,
    'html_named.png': 415,
    'bad_magic.jpg': 415,
    'truncated_10pct.jpg': 422,
    'truncated_50pct.jpg': 422,
    'truncated_header_only.jpg': 422,
    'png_bad_crc.png': 422,
    // libvips could recover it (a warning, not an error): scans keep such photos, uploads are refused as damaged.
    'garbled_middle.jpg': 422,
  };

  it('answers every file of hard/generated/corrupted with its 4xx and a reason, and stays up', async () => {
    const files = readdirSync(join(GENERATED, 'corrupted')).sort();
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const { status, body } = await problem(await post('/v1/recognize', readFileSync(join(GENERATED, 'corrupted', file))));
      expect(status, `${file}: ${body.detail}`).toBe(STATUS[file]);
      expect(body.detail).toMatch(/^POST \/v1\/recognize: ./);
    }
    expect((await server.api('/health', { auth: false })).status).toBe(200);
  });

  it('refuses a PNG that declares 30000x30000 pixels with 413', async () => {
    const bomb = await pixelBombPng();
    expect(bomb.length).toBeLessThan(10_000);
    const { status, body } = await problem(await post('/v1/detect', bomb, 'image/png'));
    expect(status).toBe(413);
    expect(body.detail).toMatch(/^POST \/v1\/detect: too many pixels/);
    expect((await server.api('/health', { auth: false })).status).toBe(200);
  });

  /**
   * Streams `total` bytes of 0xff without holding them; resolves with the answer, or with the socket error when the
   * server closed the connection under the upload before its answer was read.
   */
  type UploadOutcome = { status: number; text: string; sent: number } | { reset: string; sent: number };
  function streamUpload(total: number, withLength: boolean): Promise<UploadOutcome> {
    const chunk = Buffer.alloc(1024 * 1024, 0xff);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= total) return void this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'image/jpeg', authorization: `Bearer ${server.token}` };
    if (withLength) headers['content-length'] = total;
    return new Promise<UploadOutcome>((resolve) => {
      const request = http.request(new URL('/v1/detect', server.url), { method: 'POST', headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, sent }));
      });
      request.on('error', (err: NodeJS.ErrnoException) => resolve({ reset: err.code ?? err.message, sent }));
      if (!withLength) return void body.pipe(request);
      // With a declared length the server can refuse on the headers alone: send them and one chunk, then wait for the
      // answer, as a client that reads while it writes would (otherwise it may write into the closed socket first).
      sent += chunk.length;
      request.write(chunk);
    }).finally(() => body.destroy());
  }

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('refuses a streamed 100 MB body (%s) with 413 without reading it all', async (_label, withLength) => {
    const total = 100 * 1024 * 1024;
    // fastify answers 413 with "Connection: close" and closes at once; the client may then meet the closed socket
    // (EPIPE, ECONNRESET) before it reads the answer. That is the only other outcome allowed, and a 413 must come.
    let answered: { status: number; text: string; sent: number } | null = null;
    for (let attempt = 0; attempt < 5 && answered === null; attempt++) {
      const outcome = await streamUpload(total, withLength);
      if ('reset' in outcome) {
        expect(outcome.reset).toMatch(/^(EPIPE|ECONNRESET)$/);
        continue;
      }
      answered = outcome;
    }
    expect(answered, 'no attempt got an answer').not.toBeNull();
    expect(answered!.status, answered!.text).toBe(413);
    expect(JSON.parse(answered!.text)).toMatchObject({ error: 'too large' });
    // The default limit is 50 MB: the server answered before the client had sent everything.
    expect(answered!.sent).toBeLessThan(total);
    expect((await server.api('/health', { auth: false })).status).toBe(200);
  });
});

describe('POST /v1/embed', () => {
  it('gives each face an L2-normalised embedding of the pack\'s size', async () => {
    const body = await answer(await post('/v1/embed', readFileSync(GROUP_PHOTO)), EmbedResponse);
    expect(body.faces.length).toBeGreaterThanOrEqual(5);
    for (const face of body.faces) {
      expect(face.embedding).toHaveLength(512);
      expect(Math.hypot(...face.embedding)).toBeCloseTo(1, 4);
    }
  });

  it('?aligned=true embeds a 112x112 aligned crop to the same vector as the whole photo gives, and refuses other sizes', async () => {
    const photo = await answer(await post('/v1/embed', readFileSync(PERSON01_PHOTO)), EmbedResponse);
    expect(photo.faces).toHaveLength(1);
    const face = photo.faces[0]!;
    const { data, info } = await sharp(PERSON01_PHOTO).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const crop = alignFace({ data, width: info.width, height: info.height }, face.landmarks, { size: 112, padding: 0 });
    const png = await sharp(crop.data, { raw: { width: 112, height: 112, channels: 3 } }).png().toBuffer();

    const aligned = await answer(await post('/v1/embed?aligned=true', png, 'image/png'), AlignedEmbedResponse);
    expect(aligned.pack).toBe('yunet-scrfd500m-w600k');
    expect(aligned.embedding).toHaveLength(512);
    expect(cosine(aligned.embedding, face.embedding)).toBeGreaterThan(0.98);

    const small = await sharp(crop.data, { raw: { width: 112, height: 112, channels: 3 } }).resize(100, 100).png().toBuffer();
    const refused = await problem(await post('/v1/embed?aligned=true', small, 'image/png'));
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/must be 112x112 pixels .* this image is 100x100/);
  });

  it('refuses an unknown ?aligned value with 400', async () => {
    expect((await problem(await post('/v1/embed?aligned=yes', readFileSync(PERSON01_PHOTO)))).status).toBe(400);
  });
});

describe('POST /v1/recognize', () => {
  it('names the person of a deepface photo the library holds', async () => {
    const expected = personOfFolder.get('person01');
    expect(expected).toMatch(/^p\d+$/);
    const body = await answer(await post('/v1/recognize', readFileSync(PERSON01_PHOTO)), RecognizeResponse);
    expect(body.faces).toHaveLength(1);
    expect(body.faces[0]!.match).toMatchObject({ personId: expected, personName: null });
    expect(body.faces[0]!.match!.similarity).toBeGreaterThan(0.35);
    expect(body.timings.match).toBeGreaterThanOrEqual(0);
  });

  it('recognises a copy the library has never seen (re-encoded, EXIF-rotated) as its person', async () => {
    const expected = personOfFolder.get('person10');
    expect(expected).toMatch(/^p\d+$/);
    const body = await answer(await post('/v1/recognize', readFileSync(ROTATED)), RecognizeResponse);
    expect(body.faces.map((f) => f.match?.personId)).toEqual([expected]);
  });

  it('gives no match to faces of people the library does not know', async () => {
    // The Big Bang Theory cast is not in the deepface library: nobody should be claimed.
    const body = await answer(await post('/v1/recognize', readFileSync(GROUP_PHOTO)), RecognizeResponse);
    expect(body.faces.length).toBeGreaterThanOrEqual(5);
    expect(body.faces.map((f) => f.match)).toEqual(body.faces.map(() => null));
  });

  it('follows a correction at once: merged and renamed, the next answer names the person kept', async () => {
    const [kept, folded] = [personOfFolder.get('person02')!, personOfFolder.get('person01')!];
    const json = { 'content-type': 'application/json' };
    expect((await server.api(`/api/people/${kept}/merge`, { method: 'POST', headers: json, body: JSON.stringify({ from: [folded] }) })).status).toBe(200);
    expect((await server.api(`/api/people/${kept}`, { method: 'PATCH', headers: json, body: JSON.stringify({ name: 'Zoë' }) })).status).toBe(200);
    const body = await answer(await post('/v1/recognize', readFileSync(PERSON01_PHOTO)), RecognizeResponse);
    expect(body.faces.map((f) => f.match && { personId: f.match.personId, personName: f.match.personName })).toEqual([{ personId: kept, personName: 'Zoë' }]);
  });
});

describe('metrics', () => {
  it('counts analysed images and faces and shows the pool', async () => {
    const text = await (await server.api('/metrics')).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(value('facetag_images_analysed_total')).toBeGreaterThanOrEqual(8);
    expect(value('facetag_faces_found_total')).toBeGreaterThanOrEqual(20);
    expect(value('facetag_pool_threads')).toBe(2);
    expect(value('facetag_pool_busy_tasks')).toBe(0);
  });
});

describe('back-pressure', () => {
  let tight: ServeProcess;
  beforeAll(async () => {
    tight = await startServe(['--max-pending', '1'], cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface'))));
  });
  afterAll(async () => {
    await tight?.stop();
  });

  it('answers requests beyond --max-pending with 503 and Retry-After, and every other one normally', async () => {
    const bytes = readFileSync(GROUP_PHOTO);
    const responses = await Promise.all(Array.from({ length: 6 }, () => post('/v1/detect', bytes, 'image/jpeg', tight)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503), statuses.join(',')).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const refused = responses.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const res of refused) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await problem(res)).body.detail).toMatch(/already running or waiting/);
    }
    for (const res of responses.filter((r) => r.status === 200)) DetectResponse.parse(await res.json());
    // Once the burst is over the slot is free again.
    expect((await post('/v1/detect', bytes, 'image/jpeg', tight)).status).toBe(200);
  });
});
