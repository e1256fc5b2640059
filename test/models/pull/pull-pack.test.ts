import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../../src/models/file-checksum.js';
import { PackManifestSchema, type PackManifest } from '../../../src/models/pack-manifest.js';
import { locatePack } from '../../../src/models/pack-registry.js';
import { ChecksumMismatchError, DownloadError } from '../../../src/models/pull/download-error.js';
import { NoSourceWorkedError, pullPack, type PullEvent } from '../../../src/models/pull/pull-pack.js';
import { SHARED_MODELS } from '../../support/shared.js';
import { closedPort, startFileServer, type FileServer } from './file-server.js';

const DETECTOR = 'yunet_2026may_dynamic.onnx';
const DETECTOR_SHA = 'ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0';
const EMBEDDER = 'mobilefacenet_paddle_128.onnx';
const EMBEDDER_SHA = '6ced4e0c36abba9dd24b48d725f7dbb94089f75b3d3445d3d67b85157cb64743';
const detectorBytes = readFileSync(join(SHARED_MODELS, DETECTOR));
const embedderBytes = readFileSync(join(SHARED_MODELS, EMBEDDER));

/**
 * A pack like yunet-paddle128 whose weights come from the test server instead of the internet. The schema takes only
 * https sources, so the local http addresses are set after parsing.
 */
function testPack(detectorUrl: string | string[] | undefined, embedderUrl: string | string[] | undefined, detectorSha = DETECTOR_SHA): PackManifest {
  const pack = PackManifestSchema.parse({
    name: 'pull-test',
    description: 'test pack',
    licence: 'test',
    detector: { family: 'yunet', file: DETECTOR, sha256: detectorSha, detectSize: 640, scoreThreshold: 0.6, nmsIou: 0.3 },
    embedder: { family: 'arcface', file: EMBEDDER, sha256: EMBEDDER_SHA, embeddingSize: 128, colour: 'bgr', mean: 127.5, std: 128 },
  });
  const sources = (url: string | string[] | undefined) => (url === undefined ? [] : [url].flat());
  return { ...pack, detector: { ...pack.detector, sources: sources(detectorUrl) }, embedder: { ...pack.embedder, sources: sources(embedderUrl) } } as PackManifest;
}

/** One file to fetch: the detector is the built-in one, which has no weights file. */
function embedderOnlyPack(embedderUrl: string | string[]): PackManifest {
  const pack = testPack(undefined, embedderUrl);
  return { ...pack, detector: { family: 'blazeface', variant: 'back', detectSize: 1280, scoreThreshold: 0.65, nmsIou: 0.3, tilesPerSide: 2 } };
}

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'facetag-pull-'));
}

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('models pull', () => {
  it('downloads, verifies and installs every missing file where locatePack finds it', async () => {
    server = await startFileServer({ '/det.onnx': { body: detectorBytes }, '/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    const manifest = testPack(server.url('/det.onnx'), server.url('/emb.onnx'));
    const events: PullEvent[] = [];

    const located = await pullPack(manifest, { installDir, modelDirs: [installDir], onEvent: (e) => events.push(e) });

    for (const [file, sha] of [[DETECTOR, DETECTOR_SHA], [EMBEDDER, EMBEDDER_SHA]] as const) {
      const path = join(installDir, 'pull-test', file);
      expect(located.files.get(file)).toBe(path);
      expect(await sha256OfFile(path)).toBe(sha);
      expect(existsSync(`${path}.part`)).toBe(false);
    }
    const found = await locatePack(manifest, [installDir]);
    expect(found.available).toBe(true);
    expect(events.filter((e) => e.kind === 'installed').map((e) => e.file)).toEqual([DETECTOR, EMBEDDER]);
    expect(server.requests.map((r) => r.headers['accept-encoding'])).toEqual(['identity', 'identity']);

    // A second pull finds everything in place and asks the server for nothing.
    await pullPack(manifest, { installDir, modelDirs: [installDir] });
    expect(server.requests).toHaveLength(2);
  });

  it('does not download a file already present with the right checksum in another model folder', async () => {
    server = await startFileServer({ '/det.onnx': { body: detectorBytes }, '/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    const elsewhere = emptyDir();
    symlinkSync(join(SHARED_MODELS, EMBEDDER), join(elsewhere, EMBEDDER));
    const events: PullEvent[] = [];
    await pullPack(testPack(server.url('/det.onnx'), server.url('/emb.onnx')), { installDir, modelDirs: [installDir, elsewhere], onEvent: (e) => events.push(e) });
    expect(server.requests.map((r) => r.path)).toEqual(['/det.onnx']);
    expect(events).toContainEqual({ kind: 'present', file: EMBEDDER, path: join(elsewhere, EMBEDDER) });
    expect(existsSync(join(installDir, 'pull-test', EMBEDDER))).toBe(false);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const half = Math.floor(embedderBytes.length / 2);
    server = await startFileServer({ '/emb.onnx': { body: embedderBytes, cutAfter: half } });
    const installDir = emptyDir();
    const manifest = embedderOnlyPack(server.url('/emb.onnx'));
    const options = { installDir, modelDirs: [installDir], attempts: 1 };
    const partPath = join(installDir, 'pull-test', `${EMBEDDER}.part`);

    const first = await pullPack(manifest, options).catch((err: unknown) => err);
    expect(first).toBeInstanceOf(DownloadError);
    expect((first as Error).message).toContain(server.url('/emb.onnx'));
    const kept = statSync(partPath).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(half);
    expect(existsSync(join(installDir, 'pull-test', EMBEDDER))).toBe(false);

    await pullPack(manifest, options);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.headers.range).toBeUndefined();
    expect(server.requests[1]!.headers.range).toBe(`bytes=${kept}-`);
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
    expect(existsSync(partPath)).toBe(false);
  });

  it('resumes within one pull when the connection breaks, retrying by itself', async () => {
    server = await startFileServer({ '/emb.onnx': { body: embedderBytes, cutAfter: 100_000, cutTimes: 2 } });
    const installDir = emptyDir();
    const events: PullEvent[] = [];
    await pullPack(embedderOnlyPack(server.url('/emb.onnx')), {
      installDir,
      modelDirs: [installDir],
      retryDelayMs: 0,
      onEvent: (e) => events.push(e),
    });
    expect(server.requests.map((r) => r.headers.range !== undefined)).toEqual([false, true, true]);
    expect(events.filter((e) => e.kind === 'retry')).toHaveLength(2);
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
  });

  it('starts again from the first byte when the server ignores Range', async () => {
    server = await startFileServer({ '/emb.onnx': { body: embedderBytes, ranges: false } });
    const installDir = emptyDir();
    await mkdir(join(installDir, 'pull-test'));
    // A part left by an earlier attempt, with bytes that must not end up in the file.
    writeFileSync(join(installDir, 'pull-test', `${EMBEDDER}.part`), Buffer.alloc(1000, 7));
    await pullPack(embedderOnlyPack(server.url('/emb.onnx')), { installDir, modelDirs: [installDir] });
    expect(server.requests[0]!.headers.range).toBe('bytes=1000-');
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
  });

  it('downloads afresh when resuming a stale part gives the wrong checksum', async () => {
    server = await startFileServer({ '/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    await mkdir(join(installDir, 'pull-test'));
    writeFileSync(join(installDir, 'pull-test', `${EMBEDDER}.part`), Buffer.alloc(1000, 7));
    const events: PullEvent[] = [];
    await pullPack(embedderOnlyPack(server.url('/emb.onnx')), { installDir, modelDirs: [installDir], retryDelayMs: 0, onEvent: (e) => events.push(e) });
    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=1000-', undefined]);
    expect(events.find((e) => e.kind === 'retry')).toMatchObject({ reason: expect.stringContaining('sha256') });
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
  });

  it('refuses bytes with the wrong checksum and installs nothing', async () => {
    const other = join(SHARED_MODELS, 'yunet_2023mar.onnx');
    server = await startFileServer({ '/det.onnx': { body: readFileSync(other) }, '/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    const manifest = testPack(server.url('/det.onnx'), server.url('/emb.onnx'));

    const err = await pullPack(manifest, { installDir, modelDirs: [installDir] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    const message = (err as Error).message;
    expect(message).toContain(DETECTOR);
    expect(message).toContain(`expected ${DETECTOR_SHA}`);
    expect(message).toContain(await sha256OfFile(other));
    expect(server.requests.map((r) => r.path)).toEqual(['/det.onnx']);
    expect(readdirSync(join(installDir, 'pull-test'))).toEqual([]);
    expect((await locatePack(manifest, [installDir])).available).toBe(false);
  });

  it('names the file and its checksum when a missing file has no download address', async () => {
    const installDir = emptyDir();
    const err = await pullPack(testPack(undefined, undefined), { installDir, modelDirs: [installDir] }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(new RegExp(`no download address for ${DETECTOR} \\(sha256 ${DETECTOR_SHA}\\), ${EMBEDDER}`));
  });

  it('names the URL and the HTTP status when the server has no such file', async () => {
    server = await startFileServer({});
    const url = server.url('/gone.onnx');
    const err = await pullPack(embedderOnlyPack(url), { installDir: emptyDir(), modelDirs: [] }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`cannot download ${url}: HTTP 404 Not Found`);
    expect(server.requests).toHaveLength(1);
  });

  it('names the URL when the server cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/models/${DETECTOR}`;
    const installDir = emptyDir();
    const err = await pullPack(testPack(url, url), { installDir, modelDirs: [installDir] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as Error).message).toContain(`cannot download ${url}`);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe('models pull with several sources', () => {
  it('moves on to the next source when one is gone, and says so', async () => {
    server = await startFileServer({ '/mirror-b/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    const events: PullEvent[] = [];
    const gone = server.url('/mirror-a/emb.onnx');
    const good = server.url('/mirror-b/emb.onnx');
    await pullPack(embedderOnlyPack([gone, good]), { installDir, modelDirs: [installDir], onEvent: (e) => events.push(e) });
    expect(server.requests.map((r) => r.path)).toEqual(['/mirror-a/emb.onnx', '/mirror-b/emb.onnx']);
    expect(events).toContainEqual({ kind: 'next-source', file: EMBEDDER, url: good, reason: `cannot download ${gone}: HTTP 404 Not Found` });
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
  });

  it('moves on when a source serves other bytes than the pinned ones', async () => {
    server = await startFileServer({ '/a/emb.onnx': { body: detectorBytes }, '/b/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    await pullPack(embedderOnlyPack([server.url('/a/emb.onnx'), server.url('/b/emb.onnx')]), { installDir, modelDirs: [installDir] });
    expect(server.requests.map((r) => r.path)).toEqual(['/a/emb.onnx', '/b/emb.onnx']);
    expect(await sha256OfFile(join(installDir, 'pull-test', EMBEDDER))).toBe(EMBEDDER_SHA);
  });

  it('lists what every source answered when none works', async () => {
    server = await startFileServer({ '/a/emb.onnx': { body: detectorBytes } });
    const urls = [server.url('/a/emb.onnx'), server.url('/b/emb.onnx')];
    const err = await pullPack(embedderOnlyPack(urls), { installDir: emptyDir(), modelDirs: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSourceWorkedError);
    const message = (err as Error).message;
    expect(message).toContain(`could not get ${EMBEDDER} from any source`);
    expect(message).toContain(`${urls[0]}: ${EMBEDDER}: downloaded file has sha256 ${await sha256OfFile(join(SHARED_MODELS, DETECTOR))}`);
    expect(message).toContain(`${urls[1]}: cannot download ${urls[1]}: HTTP 404 Not Found`);
  });

  it('fetches <mirror>/<file> instead of the manifest sources when a mirror is given', async () => {
    server = await startFileServer({ [`/models/${DETECTOR}`]: { body: detectorBytes }, [`/models/${EMBEDDER}`]: { body: embedderBytes } });
    const installDir = emptyDir();
    const unreachable = `http://127.0.0.1:${await closedPort()}/never.onnx`;
    await pullPack(testPack(unreachable, undefined), { installDir, modelDirs: [installDir], mirror: `${server.url('/models')}/` });
    expect(server.requests.map((r) => r.path)).toEqual([`/models/${DETECTOR}`, `/models/${EMBEDDER}`]);
    expect((await locatePack(testPack(undefined, undefined), [installDir])).available).toBe(true);
  });

  it('asks beforeDownload about the files it will fetch, and downloads nothing when it refuses', async () => {
    server = await startFileServer({ '/det.onnx': { body: detectorBytes }, '/emb.onnx': { body: embedderBytes } });
    const installDir = emptyDir();
    const elsewhere = emptyDir();
    symlinkSync(join(SHARED_MODELS, DETECTOR), join(elsewhere, DETECTOR));
    const asked: string[][] = [];
    const refusal = new Error('licence not accepted');
    const err = await pullPack(testPack(server.url('/det.onnx'), server.url('/emb.onnx')), {
      installDir,
      modelDirs: [elsewhere],
      beforeDownload: (files) => {
        asked.push(files.map((f) => f.file));
        throw refusal;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(refusal);
    expect(asked).toEqual([[EMBEDDER]]);
    expect(server.requests).toEqual([]);
  });
});
