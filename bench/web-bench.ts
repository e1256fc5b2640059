/**
 * The web app at 50,000 faces: Chromium (Playwright) timing of the people page and of a 5,000-face person page over
 * a synthetic library served by a real `facetag serve`, beside the API calls those pages make fetched directly.
 *
 *   npm run bench:web -- [--runs N] [--faces N] [--big-person N] [--people N] [--other-faces N]
 *
 * The library (bench/web/synthetic-library.ts) holds random unit embeddings of the default pack's size in photos of
 * ten faces, coloured squares as crops. Each browser run is a fresh context (cold HTTP cache) signed in through the
 * token link. Scrolling "to the end" jumps to the bottom every frame until the last item's thumbnail has loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { timeApiFloor, type FloorRun } from './web/api-floor.js';
import { signIn, timePeoplePage, timePersonPage, type PeopleRun, type PersonRun } from './web/page-timings.js';
import { startServe } from './web/serve-process.js';
import { buildSyntheticLibrary, type LibraryShape } from './web/synthetic-library.js';

interface Args extends LibraryShape {
  runs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 5, faces: 50_000, bigPerson: 5_000, people: 400, otherPeopleFaces: 40_000 };
  const flags: Record<string, keyof Args> = { '--runs': 'runs', '--faces': 'faces', '--big-person': 'bigPerson', '--people': 'people', '--other-faces': 'otherPeopleFaces' };
  for (let i = 0; i < argv.length; i++) {
    const key = flags[argv[i]!];
    if (key === undefined) throw new Error(`unknown argument ${argv[i]}`);
    args[key] = Number(argv[++i]);
  }
  return args;
}

const CHROMIUM = {
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const fmt = (x: number): string => x.toFixed(0).padStart(7);
const median = (xs: readonly number[]): number => percentile([...xs].sort((a, b) => a - b), 0.5);

/** One line: p50, p95 and max of a measure over the runs, and p50 over the floor's p50 when there is a floor. */
function row(label: string, values: readonly number[], floor?: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const ratio = floor ? `${(median(values) / median(floor)).toFixed(1).padStart(7)}x` : '';
  return `${label.padEnd(44)}${fmt(percentile(sorted, 0.5))}${fmt(percentile(sorted, 0.95))}${fmt(sorted.at(-1)!)}${ratio}`;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'facetag-bench-web-'));
  const libraryDir = join(work, 'library');
  console.log(`load average before: ${load()}`);
  const library = await buildSyntheticLibrary(libraryDir, args);
  console.log(
    `synthetic library: ${args.faces} faces in ${library.photos} photos (pack ${library.pack}), ${library.people} people ` +
      `(${library.bigPersonId} with ${args.bigPerson} faces), ${library.unassigned} faces of no one; built in ${library.buildSeconds.toFixed(1)} s`,
  );

  const server = await startServe(libraryDir);
  const browser = await chromium.launch(CHROMIUM);
  const floors: FloorRun[] = [];
  const people: PeopleRun[] = [];
  const person: PersonRun[] = [];
  try {
    const state = await signIn(browser, server.url, server.token);
    await timeApiFloor(server.url, server.token, library.bigPersonId); // warm: SQLite pages, JIT
    for (let run = 0; run < args.runs; run++) {
      const floor = await timeApiFloor(server.url, server.token, library.bigPersonId);
      floors.push(floor);
      people.push(await timePeoplePage(browser, server.url, state, floor.lastPersonId));
      person.push(await timePersonPage(browser, server.url, state, library.bigPersonId, floor.lastFaceId));
      console.log(`run ${run + 1}: people ${JSON.stringify(people.at(-1))}; person ${JSON.stringify(person.at(-1))}`);
    }
    const f = (key: keyof FloorRun) => floors.map((r) => r[key] as number);
    // Scrolling starts once the first page is on screen: its floor is the pages after the first.
    const peopleRest = floors.map((r) => r.peopleAllMs - r.peopleFirstMs);
    const personRest = floors.map((r) => r.personAllMs - r.personFirstMs);
    console.log(`\n${args.runs} runs, ms${' '.repeat(34)}    p50    p95    max  p50/API`);
    console.log(row('API: GET /api/people, first page (200)', f('peopleFirstMs')));
    console.log(row('API: the other pages of /api/people', peopleRest));
    console.log(row('API: GET person + first 500 faces', f('personFirstMs')));
    console.log(row(`API: the other faces (500 a page)`, personRest));
    console.log(row('API: one face crop', f('cropMs')));
    console.log(row('people page: first person card visible', people.map((r) => r.firstCardMs), f('peopleFirstMs')));
    console.log(row('people page: first screen of thumbnails', people.map((r) => r.firstScreenMs), f('peopleFirstMs')));
    console.log(row('people page: scroll to the last person', people.map((r) => r.scrollToEndMs), peopleRest));
    console.log(row(`person page: first screen of crops`, person.map((r) => r.firstCropsMs), f('personFirstMs')));
    console.log(row(`person page: scroll to face ${args.bigPerson}`, person.map((r) => r.scrollToEndMs), personRest));
    const last = person.at(-1)!;
    console.log(
      `\nperson page DOM: ${last.tilesAtStart} face tiles at first, at most ${Math.max(...person.map((r) => r.maxTiles))} while scrolling through ` +
        `${args.bigPerson} (at most ${Math.max(...person.map((r) => r.maxElements))} elements in the document)`,
    );
    console.log(`people page DOM: at most ${Math.max(...people.map((r) => r.maxCards))} person cards while scrolling through ${library.people} people`);
    console.log(`person page JS heap with all faces loaded (after GC): p50 ${median(person.map((r) => r.heapUsedMb)).toFixed(1)} MB, max ${Math.max(...person.map((r) => r.heapUsedMb)).toFixed(1)} MB`);
    console.log(`server peak RSS (VmHWM): ${server.peakRssMb().toFixed(0)} MB`);
    console.log(`load average after: ${load()}`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
