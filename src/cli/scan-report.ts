import type { LibraryScanOutcome } from '../api/scan-api.js';
import type { QueueSettings } from '../queue/queue-settings.js';
import { betterPackHint } from '../models/better-pack-hint.js';
import { formatDuration } from './progress.js';

/** What `facetag scan` prints when it is over, local or through the queue. */
export function scanReport(result: LibraryScanOutcome, queue: QueueSettings | null): string {
  const seconds = result.elapsedMs / 1000;
  const where = queue ? ` on the queue ${queue.display}` : '';
  const lines = [
    `${result.interrupted ? 'Interrupted' : 'Scanned'} ${result.found} photos in ${formatDuration(seconds)} with pack ${result.pack}${where}: ` +
      `${result.analysed} analysed, ${result.unchanged} unchanged, ${result.linked} already known, ${result.failed} errors` +
      (result.pruned > 0 ? `, ${result.pruned} removed` : ''),
    `${result.faces} faces found; ${(result.analysed / Math.max(seconds, 0.001)).toFixed(1)} images/s`,
  ];
  if (result.clustering) {
    lines.push(`people: ${result.clustering.newPeople} new, ${result.clustering.assigned} faces assigned, ${result.clustering.unassigned} faces not yet grouped`);
  }
  if (result.failedJobs > 0) lines.push(`${result.failedJobs} jobs failed after all their retries: see facetag jobs`);
  if (result.failed > 0) lines.push(`see the errors with: facetag status --errors`);
  // Last, so the one thing a user on the download-free pack may want next is what the scan leaves on screen.
  const hint = betterPackHint(result.pack);
  if (hint) lines.push(hint);
  return lines.join('\n');
}
