/**
 * Peak memory of a process and everything it starts (worker threads count in the process; worker processes are
 * its descendants), for benchmarks that compare facetag with programs in other languages, and the machine's load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone already
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function pssKiB(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples the summed PSS of a process tree every interval; null where /proc has no smaps_rollup (not Linux). */
export function memorySampler(intervalMs = 250): { start(pid: number): void; stop(): number | null } {
  const supported = existsSync('/proc/self/smaps_rollup');
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    start(pid) {
      if (!supported) return;
      const sample = () => {
        peak = Math.max(peak, descendants(pid).reduce((sum, p) => sum + pssKiB(p), 0));
      };
      sample();
      timer = setInterval(sample, intervalMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      return supported ? peak / 1024 : null;
    },
  };
}

/** The machine's load, as uptime prints it: the benchmarks say under what load their numbers were taken. */
export function load(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')}`;
  }
}

/** Runs a program to its end while sampling its process tree's memory; stdout and stderr go to ours. */
export async function runMeasured(command: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<{ wallSeconds: number; peakMemoryMiB: number | null }> {
  const memory = memorySampler();
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (child.pid !== undefined) memory.start(child.pid);
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('exit', (status, signal) => done(status ?? (signal ? -1 : null)));
  }).finally(() => memory.stop());
  if (code !== 0) throw new Error(`${argv[0] ?? command} exited with ${code}`);
  return { wallSeconds: (performance.now() - started) / 1000, peakMemoryMiB: memory.stop() };
}
