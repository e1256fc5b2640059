import type { Command } from 'commander';
import { configFrom, parsePositiveInt, withLibrary } from '../context.js';
import { libraryPack } from '../../library/open-library.js';
import { scanLibrary } from '../../library/scan-library.js';
import { formatDuration, progressPrinter } from '../progress.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';
import { runQueuedScan } from './scan-queued.js';
import { stopOnSignal } from '../stop-on-signal.js';

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
    .action(async (paths: string[], opts: QueueFlags & { jobs?: number; pack?: string; detectSize?: number; prune?: boolean; cluster: boolean; batch?: number }, command: Command) => {
      const config = configFrom(command, { jobs: opts.jobs, pack: opts.pack, detectSize: opts.detectSize });
      // With a queue the workers analyse; this process lists, hashes, queues and follows (scan-queued.ts).
      const queue = queueSettingsFrom(opts);
      if (queue) return runQueuedScan(paths, opts, config, queue);
      const stop = stopOnSignal('finishing the photos in progress (Ctrl-C again to quit at once)');
      const progress = progressPrinter();
      try {
        let pack = '';
        const result = await withLibrary(config, async (library) => {
          pack = await libraryPack(library, config);
          return scanLibrary(library, config, pack, {
            roots: paths,
            prune: opts.prune === true,
            cluster: opts.cluster,
            signal: stop.signal,
            onProgress: (p) => progress.update(p),
            onError: (path, reason) => process.stderr.write(`\r\x1b[2Kerror: ${path}: ${reason}\n`),
          });
        });
        progress.done();
        const seconds = result.elapsedMs / 1000;
        const lines = [
          `${result.interrupted ? 'Interrupted' : 'Scanned'} ${result.found} photos in ${formatDuration(seconds)} with pack ${pack}: ` +
            `${result.analysed} analysed, ${result.unchanged} unchanged, ${result.linked} already known, ${result.failed} errors` +
            (result.pruned > 0 ? `, ${result.pruned} removed` : ''),
          `${result.faces} faces found; ${(result.analysed / Math.max(seconds, 0.001)).toFixed(1)} images/s`,
        ];
        if (result.clustering) {
          lines.push(`people: ${result.clustering.newPeople} new, ${result.clustering.assigned} faces assigned, ${result.clustering.unassigned} faces not yet grouped`);
        }
        if (result.failed > 0) lines.push(`see the errors with: facetag status --errors`);
        console.log(lines.join('\n'));
        if (result.interrupted) process.exitCode = 130;
      } finally {
        stop.dispose();
      }
    });
}
