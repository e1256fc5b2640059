import type { Config } from '../../config/config.js';
import { libraryPack } from '../../library/open-library.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { scanLibraryThroughQueue } from '../../queue/queued-library-scan.js';
import type { QueueSettings } from '../../queue/queue-settings.js';
import { withLibrary } from '../context.js';
import { formatDuration, progressPrinter } from '../progress.js';
import { stopOnSignal } from '../stop-on-signal.js';

export interface QueuedScanFlags {
  prune?: boolean;
  cluster: boolean;
  detectSize?: number;
  batch?: number;
}

/**
 * `scan --queue`: this process only lists, hashes and queues; workers (`facetag worker`) analyse, store and cluster.
 * Ctrl-C stops queueing and waiting; what is queued stays queued and is finished by the workers.
 */
export async function runQueuedScan(paths: string[], flags: QueuedScanFlags, config: Config, settings: QueueSettings): Promise<void> {
  const stop = stopOnSignal('no more photos are queued; queued ones are still done by the workers');
  const progress = progressPrinter();
  const queue = new BullmqQueues(settings, (err) => process.stderr.write(`\r\x1b[2Kqueue: ${err.message}\n`));
  try {
    let pack = '';
    const result = await withLibrary(config, async (library) => {
      pack = await libraryPack(library, config);
      return scanLibraryThroughQueue(library, config, pack, queue, {
        roots: paths,
        prune: flags.prune === true,
        cluster: flags.cluster,
        batch: flags.batch ?? 1,
        detectSize: flags.detectSize,
        pollMs: 250,
        signal: stop.signal,
        onProgress: (p) => progress.update(p),
        onError: (path, reason) => process.stderr.write(`\r\x1b[2Kerror: ${path}: ${reason}\n`),
        onNotice: (message) => process.stderr.write(`\r\x1b[2K${message}\n`),
      });
    });
    progress.done();
    const seconds = result.elapsedMs / 1000;
    const lines = [
      `${result.interrupted ? 'Interrupted' : 'Scanned'} ${result.found} photos in ${formatDuration(seconds)} with pack ${pack} on the queue ${settings.display}: ` +
        `${result.analysed} analysed, ${result.unchanged} unchanged, ${result.linked} already known, ${result.failed} errors` +
        (result.pruned > 0 ? `, ${result.pruned} removed` : ''),
      `${result.faces} faces found; ${(result.analysed / Math.max(seconds, 0.001)).toFixed(1)} images/s`,
    ];
    if (result.clustering) {
      lines.push(`people: ${result.clustering.newPeople} new, ${result.clustering.assigned} faces assigned, ${result.clustering.unassigned} faces not yet grouped`);
    }
    if (result.failedJobs > 0) lines.push(`${result.failedJobs} jobs failed after all their retries: see facetag jobs`);
    if (result.failed > 0) lines.push(`see the errors with: facetag status --errors`);
    console.log(lines.join('\n'));
    if (result.interrupted) process.exitCode = 130;
  } finally {
    stop.dispose();
    await queue.close();
  }
}
