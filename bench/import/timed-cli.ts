import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FACETAG = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'facetag.js');

export interface StepRun {
  stdout: string;
  seconds: number;
  /** Peak resident set size of the command's process, in MB. */
  peakRssMb: number;
}

/**
 * Runs `facetag args` as a user would, under GNU time for its wall time and peak RSS; its progress (stderr) goes to
 * ours, its output is answered. A failing command throws with its output.
 */
export function timedFacetag(args: string[], env: NodeJS.ProcessEnv): StepRun {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-time-'));
  try {
    const timeFile = join(dir, 'time');
    const run = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', process.execPath, FACETAG, ...args], {
      env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`facetag ${args.join(' ')} exited ${run.status}\n${run.stdout}`);
    // GNU time says "Command exited with non-zero status" first when it did; the last line has the numbers.
    const [seconds, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number];
    return { stdout: run.stdout, seconds, peakRssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ImportSummary {
  read: number;
  unnamed: number;
  matched: number;
  unmatched: number;
  conflicts: number;
  created: number;
  named: number;
  facesNamed: number;
  alreadyNamed: number;
}

/** The summary line `facetag import` ends with (test/cli/import-round-trip.ts reads it with this too). */
export function importSummary(stdout: string): ImportSummary {
  const m = /^(\d+) named regions read \((\d+) without a name\), (\d+) matched, (\d+) unmatched \(no face found\), (\d+) conflicts, (\d+) people created, (\d+) people named, (\d+) faces named, (\d+) already named so/m.exec(stdout);
  if (m === null) throw new Error(`no summary line in:\n${stdout}`);
  const [read, unnamed, matched, unmatched, conflicts, created, named, facesNamed, alreadyNamed] = m.slice(1).map(Number) as number[];
  return { read: read!, unnamed: unnamed!, matched: matched!, unmatched: unmatched!, conflicts: conflicts!, created: created!, named: named!, facesNamed: facesNamed!, alreadyNamed: alreadyNamed! };
}
