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
    .action(
      async (
        opts: QueueFlags & { jobs?: number; device?: string; stages?: Stage[]; maxRate?: number; lockMs?: number; heartbeatMs?: number },
        command: Command,
      ) => {
        const settings = requireQueueSettings(opts);
        const config = configFrom(command, { jobs: opts.jobs, device: opts.device });
        const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        await withLibrary(config, async (library) => {
          const worker = await startWorkerProcess(library, config, settings, {
            stages: opts.stages ?? [...STAGES],
            maxRate: opts.maxRate,
            lockDurationMs: opts.lockMs ?? 30_000,
            heartbeatMs: opts.heartbeatMs ?? 5_000,
            log,
          });
          log(`worker ${worker.id} ready on ${settings.display} (prefix ${settings.prefix}), library ${library.describeCatalog()}`);
          await new Promise<void>((resolve) => {
            let stopping = false;
            const onSignal = (signal: string): void => {
              if (stopping) {
                log(`${signal} again: leaving now; unfinished jobs go to other workers after their lock expires`);
                process.exit(130);
              }
              stopping = true;
              log(`${signal}: finishing the jobs in progress, giving back the others (${signal} again to quit at once)`);
              worker.stop().then(resolve, (err: unknown) => {
                log(`stopping failed: ${err instanceof Error ? err.message : String(err)}`);
                resolve();
              });
            };
            process.on('SIGTERM', () => onSignal('SIGTERM'));
            process.on('SIGINT', () => onSignal('SIGINT'));
          });
          log(`worker ${worker.id} stopped`);
        });
      },
    );
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
