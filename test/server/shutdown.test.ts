import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { readScanEvents, type ScanJson } from './support/scan-events.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe } from './support/serve-process.js';

describe('facetag serve on SIGTERM', () => {
  it('finishes the requests in flight, then exits 0', async () => {
    const server = await startServe([], cliEnv(tempDir('serve-shutdown')));
    const photo = readFileSync(dataset('groups', 'faceapijs_bbt1.jpg'));
    const inFlight = Array.from({ length: 4 }, () =>
      server.api('/v1/detect', { method: 'POST', body: photo, headers: { 'content-type': 'image/jpeg' } }).then(async (res) => ({
        status: res.status,
        faces: ((await res.json()) as { faces?: unknown[] }).faces?.length ?? 0,
      })),
    );
    // SIGTERM only once the server has taken all four requests in (each logs "incoming request" with its id).
    while ((server.output().match(/"msg":"incoming request"/g) ?? []).length < 4) await new Promise((r) => setTimeout(r, 20));
    expect(server.output()).not.toMatch(/"msg":"request completed"/);
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    // Each finished its whole analysis: the same faces in every answer (the photo shows four of the cast).
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers[0]!.faces).toBeGreaterThanOrEqual(3);
    expect(new Set(answers.map((a) => a.faces)).size).toBe(1);
    // One SIGTERM only: a second one means "quit at once" (exit 130).
    expect(await exited, server.output().slice(-1500)).toBe(0);
  });

  it('ends the scan-event streams with the stopped scan, answers an image in flight, stores what was analysed, exits 0', async () => {
    // Photos the library does not hold yet, so the scan has work to stop in the middle of.
    const roots = join(tempDir('shutdown-roots'), 'roots');
    mkdirSync(roots);
    for (const set of ['human_vladmandic', 'face_recognition']) {
      for (const entry of readdirSync(dataset('small', set), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.jpg'))) {
        symlinkSync(dataset('small', set, entry), join(roots, `${set}-${entry.replaceAll('/', '-')}`));
      }
    }
    expect(readdirSync(roots).length).toBeGreaterThan(20);
    const server = await startServe(['--roots', roots], cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface'))));
    const photoId = ((await (await server.api('/api/photos?limit=1')).json()) as { items: { id: string }[] }).items[0]!.id;
    const started = await server.api('/api/scans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: [roots] }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as ScanJson;

    // Three readers, each waiting for the scan to have analysed something before the signal.
    const seenAnalysis = new Set<number>();
    let readerEnded: string | null = null;
    const readers = Array.from({ length: 3 }, (_, reader) =>
      readScanEvents(server, id, (scan) => {
        if (scan.analysed > 0) seenAnalysis.add(reader);
      }).finally(() => (readerEnded ??= `scan-event reader ${reader} ended before SIGTERM`)),
    );
    // Waits that fail, with the server's output, instead of spinning when the scan ends or the server dies first.
    const until = async (condition: () => boolean) => {
      while (!condition()) {
        if (readerEnded !== null || server.child.exitCode !== null) throw new Error(`${readerEnded ?? 'serve exited'}:\n${server.output().slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => seenAnalysis.size === 3);
    const image = server.api(`/api/photos/${photoId}/image?size=4096`).then(async (res) => ({ status: res.status, bytes: (await res.arrayBuffer()).byteLength }));
    await until(() => server.output().includes(`/api/photos/${photoId}/image?size=4096`));
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');

    const streams = await Promise.all(readers);
    for (const { events } of streams) {
      const last = events.at(-1)!;
      expect(last.state).toBe('stopped');
      expect(last.analysed).toBeGreaterThan(0);
      expect(last.done).toBeLessThan(last.found);
    }
    const answer = await image;
    expect(answer.status).toBe(200);
    expect(answer.bytes).toBeGreaterThan(1000);
    expect(await exited, server.output().slice(-1500)).toBe(0);
  });
});
