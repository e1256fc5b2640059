import type { Command } from 'commander';
import { configFrom, parsePositiveInt, withLibrary } from '../context.js';
import { addQueueOptions, requireQueueSettings, type QueueFlags } from '../queue-options.js';
import { STAGES, type Stage } from '../../queue/job-data.js';
import { startWorkerProcess } from '../../queue/worker-process.js';

export function registerWorker(program: Command): void {
  addQueueOptions(
    program
      .command('worker')
      .description('work on the job queues: analyse photos and cluster faces for scans started with scan --queue'),
  )
    .option('--jobs <n>', 'analysis threads of this worker (default: every core); twice as many jobs are in flight', parsePositiveInt)
    .option('--device <name>', 'inference device: cpu, cuda, coreml, ... (env FACETAG_DEVICE)')
    .option('--stages <list>', `stages this worker takes, comma-separated: ${STAGES.join(', ')} (default: all)`, parseStages)
    .option('--max-rate <photos/s>', 'start at most this many photos per second on this worker', parsePositiveNumber)
    .option('--lock-ms <ms>', 'how long a job stays locked to a worker that stopped answering (default 30000)', parsePositiveInt)
    .option('--heartbeat-ms <ms>', 'how often the worker reports itself to cluster status (default 5000)', parsePositiveInt)
    .option('--grace-ms <ms>', 'on SIGTERM, how long jobs in progress may take before the worker leaves anyway (default 10000)', parsePositiveInt)
    .action(
      async (
        opts: QueueFlags & { jobs?: number; device?: string; stages?: Stage[]; maxRate?: number; lockMs?: number; heartbeatMs?: number; graceMs?: number },
        command: Command,
      ) => {
        const settings = requireQueueSettings(opts);
        const config = configFrom(command, { jobs: opts.jobs, device: opts.device });
        const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        const lockMs = opts.lockMs ?? 30_000;
        const graceMs = opts.graceMs ?? 10_000;
        await withLibrary(config, async (library) => {
          const worker = await startWorkerProcess(library, config, settings, {
            stages: opts.stages ?? [...STAGES],
            maxRate: opts.maxRate,
            lockDurationMs: lockMs,
            heartbeatMs: opts.heartbeatMs ?? 5_000,
            log,
          });
          log(`worker ${worker.id} ready on ${settings.display} (prefix ${settings.prefix}), library ${library.describeCatalog()}`);
          const outcome = await untilSignal(log, (signal) => {
            log(`${signal}: finishing the jobs in progress, giving back the others (at most ${graceMs} ms; ${signal} again to quit at once)`);
            return worker.stop(graceMs);
          });
          if (!outcome.clean) {
            const returning =
              outcome.unfinished.length > 0
                ? `jobs ${outcome.unfinished.join(', ')} return to the queue when their locks expire (lock ${lockMs} ms)`
                : 'no job was in progress, none returns to the queue';
            log(`grace period of ${graceMs} ms over, leaving without waiting for ${settings.display}: ${returning}`);
            process.exitCode = 1;
            // Connections left to a dead Redis must not keep the process alive once the library is closed.
            setTimeout(() => process.exit(1), 2000).unref();
          }
          log(`worker ${worker.id} stopped`);
        });
      },
    );
}

/** Waits for SIGTERM or SIGINT, then stops; a second signal leaves at once. Resolves with how the stop went. */
function untilSignal<T>(log: (line: string) => void, stop: (signal: string) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: string): void => {
      if (stopping) {
        log(`${signal} again: leaving now; unfinished jobs go to other workers after their lock expires`);
        process.exit(130);
      }
      stopping = true;
      stop(signal).then(resolve, (err: unknown) => {
        log(`stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    };
    process.on('SIGTERM', () => onSignal('SIGTERM'));
    process.on('SIGINT', () => onSignal('SIGINT'));
  });
}

function parseStages(value: string): Stage[] {
  const stages = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const stage of stages) {
    if (!(STAGES as readonly string[]).includes(stage)) throw new Error(`unknown stage "${stage}": expected ${STAGES.join(', ')}`);
  }
  if (stages.length === 0) throw new Error('--stages needs at least one stage');
  return stages as Stage[];
}

function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got "${value}"`);
  return n;
}
