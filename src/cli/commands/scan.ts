import type { Command } from 'commander';
import type { LibraryScanOptions } from '../../api/scan-api.js';
import { parsePositiveInt, withLibraryApi } from '../context.js';
import { progressPrinter } from '../progress.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';
import { scanReport } from '../scan-report.js';
import { stopOnSignal } from '../stop-on-signal.js';

type ScanFlags = QueueFlags & { jobs?: number; pack?: string; detectSize?: number; prune?: boolean; cluster: boolean; batch?: number };

export function registerScan(program: Command): void {
  const scan = program
    .command('scan')
    .description('find and recognise faces in photo folders (only new and changed files are analysed)')
    .argument('<paths...>', 'folders or photo files')
    .option('--jobs <n>', 'worker threads (default: every core)', parsePositiveInt)
    .option('--pack <name>', 'model pack (default: the library\'s, or the best available on first scan)')
    .option('--detect-size <px>', 'longest side photos are scaled to for detection', parsePositiveInt)
    .option('--prune', 'forget photos below these folders whose files are gone')
    .option('--no-cluster', 'store faces only; group them into people later (recluster)');
  addQueueOptions(scan)
    .option('--batch <n>', 'with --queue: photos per job (default 1)', parsePositiveInt)
    .action(async (paths: string[], opts: ScanFlags, command: Command) => {
      // With a queue the workers (facetag worker) analyse, store and cluster; this process lists, hashes, queues and
      // follows. Ctrl-C then stops queueing and waiting; what is queued stays queued and is finished by the workers.
      const queue = queueSettingsFrom(opts);
      const stop = stopOnSignal(queue ? 'no more photos are queued; queued ones are still done by the workers' : 'finishing the photos in progress (Ctrl-C again to quit at once)');
      const progress = progressPrinter();
      const say = (line: string): void => void process.stderr.write(`\r\x1b[2K${line}\n`);
      const options: LibraryScanOptions = {
        prune: opts.prune === true,
        cluster: opts.cluster,
        signal: stop.signal,
        onProgress: (p) => progress.update(p),
        onError: (path, reason) => say(`error: ${path}: ${reason}`),
      };
      if (queue) Object.assign(options, { queue, batch: opts.batch, detectSize: opts.detectSize, onNotice: say, onQueueError: (err: Error) => say(`queue: ${err.message}`) });
      try {
        const settings = { jobs: opts.jobs, pack: opts.pack, detectSize: opts.detectSize };
        const result = await withLibraryApi(command, (lib) => lib.scan(paths, options), settings);
        progress.done();
        console.log(scanReport(result, queue));
        if (result.interrupted) process.exitCode = 130;
      } finally {
        stop.dispose();
      }
    });
}
