import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { readScanEvents, type ScanJson } from './support/scan-events.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const DEEPFACE = dataset('small', 'deepface');
/** Two people, three photos each: a scan that finishes in a few seconds. */
const FEW = ['person01/img1.jpg', 'person01/img2.jpg', 'person01/img4.jpg', 'person02/img3.jpg', 'person02/img12.jpg', 'person02/img53.jpg'];

let server: ServeProcess;
let env: NodeJS.ProcessEnv;
let roots: string;

/** roots/few: links to FEW; roots/all: links to every deepface photo; roots/outside: a link to a folder elsewhere; roots/bad: a file that is no photo. */
function makeRoots(): string {
  const dir = join(tempDir('scan-roots'), 'roots');
  mkdirSync(join(dir, 'few'), { recursive: true });
  mkdirSync(join(dir, 'all'));
  for (const photo of FEW) symlinkSync(join(DEEPFACE, photo), join(dir, 'few', photo.replace('/', '-')));
  for (const person of readdirSync(DEEPFACE).filter((p) => p.startsWith('person'))) {
    for (const photo of readdirSync(join(DEEPFACE, person))) symlinkSync(join(DEEPFACE, person, photo), join(dir, 'all', `${person}-${photo}`));
  }
  symlinkSync(DEEPFACE, join(dir, 'outside'));
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad', 'broken.jpg'), 'not a photo at all');
  return dir;
}

const post = (paths: unknown): Promise<Response> =>
  server.api('/api/scans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths }) });

beforeAll(async () => {
  roots = makeRoots();
  env = cliEnv(tempDir('scans-library'));
  server = await startServe(['--roots', roots], env);
});
afterAll(async () => {
  await server.stop();
});

describe('scans over HTTP', () => {
  it('scans a folder below the roots in the background, streams its progress, and the people appear', async () => {
    const res = await post([join(roots, 'few')]);
    expect(res.status).toBe(202);
    const started = (await res.json()) as ScanJson;
    expect(started).toMatchObject({ state: 'running', paths: [join(roots, 'few')], finishedAt: null, error: null });

    const { contentType, events } = await readScanEvents(server, started.id);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(events.length).toBeGreaterThanOrEqual(2);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ id: started.id, state: 'finished', found: FEW.length, done: FEW.length, analysed: FEW.length, failed: 0, error: null });
    expect(last.faces).toBeGreaterThanOrEqual(FEW.length);
    expect(events.slice(0, -1).every((e) => e.state === 'running')).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);

    expect(await (await server.api(`/api/scans/${started.id}`)).json()).toEqual(last);
    const list = (await (await server.api('/api/scans')).json()) as { items: ScanJson[] };
    expect(list.items.map((s) => s.id)).toContain(started.id);

    const people = (await (await server.api('/api/people?filter=all')).json()) as { total: number; items: { faces: number }[] };
    expect(people.total).toBeGreaterThanOrEqual(2);
    // The CLI, reading the same library, agrees with what the server stored.
    const status = runCli(['status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`photos:\\s+${FEW.length} \\(${FEW.length} files\\)`));
    expect(status.stdout).toMatch(new RegExp(`people:\\s+${people.total}\\n`));
    expect(status.stdout).toContain(`(${join(roots, 'few')};`);
  });

  it('refuses paths outside the roots, .. escapes and links pointing out, naming the path', async () => {
    const refused = [
      '/etc',
      join(roots, '..'),
      `${roots}/few/../../`,
      join(roots, 'outside'),
      join(roots, 'outside', 'person01'),
      join(roots, 'few', 'person01-img1.jpg'), // a link to a photo outside the roots
      'few',
      join(roots, 'missing'),
    ];
    for (const path of refused) {
      const res = await post([path]);
      expect(res.status, path).toBe(403);
      const body = (await res.json()) as { error: string; detail: string };
      expect(body.error).toBe('forbidden');
      expect(body.detail).toContain(JSON.stringify(path));
    }
    // One bad path refuses the whole request, and nothing is started.
    expect((await post([join(roots, 'few'), '/tmp'])).status).toBe(403);
    expect((await post([])).status).toBe(400);
    expect((await post('/etc')).status).toBe(400);
    const running = ((await (await server.api('/api/scans')).json()) as { items: ScanJson[] }).items.filter((s) => s.state === 'running');
    expect(running).toEqual([]);
  });

  it('refuses a second scan while one runs (409 naming it), and DELETE stops the running one', async () => {
    const res = await post([join(roots, 'all')]);
    expect(res.status).toBe(202);
    const scan = (await res.json()) as ScanJson;
    const second = await post([join(roots, 'few')]);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { detail: string }).detail).toContain(scan.id);

    const following = readScanEvents(server, scan.id);
    const stop = await server.api(`/api/scans/${scan.id}`, { method: 'DELETE' });
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as ScanJson).id).toBe(scan.id);
    const { events } = await following;
    const last = events.at(-1)!;
    expect(last.state).toBe('stopped');
    expect(last.finishedAt).not.toBeNull();
    expect(last.done).toBeLessThan(last.found);

    // Stopped means another scan may start; the stopped one finishes later as any rescan would.
    const again = await post([join(roots, 'all')]);
    expect(again.status).toBe(202);
    const { events: rest } = await readScanEvents(server, ((await again.json()) as ScanJson).id);
    expect(rest.at(-1)).toMatchObject({ state: 'finished', done: last.found, failed: 0 });
    expect(rest.at(-1)!.unchanged).toBeGreaterThanOrEqual(last.analysed);
  });

  it('answers unknown scans with 404 and malformed ids with 400', async () => {
    expect((await server.api('/api/scans/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await server.api('/api/scans/00000000-0000-4000-8000-000000000000/events')).status).toBe(404);
    expect((await server.api('/api/scans/..%2F..%2Fetc', { method: 'DELETE' })).status).toBe(400);
  });

  it('lists the files that could not be analysed, with the reason', async () => {
    const res = await post([join(roots, 'bad')]);
    expect(res.status).toBe(202);
    const { events } = await readScanEvents(server, ((await res.json()) as ScanJson).id);
    expect(events.at(-1)).toMatchObject({ state: 'finished', failed: 1, analysed: 0 });
    const errors = (await (await server.api('/api/errors')).json()) as { items: { path: string; reason: string; at: string }[] };
    expect(errors.items).toHaveLength(1);
    expect(errors.items[0]).toMatchObject({ path: join(roots, 'bad', 'broken.jpg') });
    expect(errors.items[0]!.reason).toMatch(/not a recognised image/);
    expect(Number.isNaN(Date.parse(errors.items[0]!.at))).toBe(false);
  });
});
