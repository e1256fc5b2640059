import type { DownloadProgress } from './download-to-part.js';
import { megabytes } from './megabytes.js';
import type { PullEvent } from './pull-pack.js';

const BAR_WIDTH = 24;

/**
 * Progress of a pull on `stream`. On a terminal each download is a bar with bytes and speed, redrawn in place;
 * elsewhere (CI logs, pipes) it is plain lines: the start, each quarter of the file, the end, so logs stay short.
 * `now` is the clock speeds are measured with.
 */
export function pullPrinter(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): (event: PullEvent) => void {
  const interactive = stream.isTTY === true;
  let lastDraw = 0;
  let open = false;
  // Speed counts the bytes of the current attempt only, from its first report.
  let attempt = { file: '', startedAt: 0, from: 0, quartersShown: 0 };
  let lastProgress: DownloadProgress | undefined;
  // The finished line says everything the progress line said, so it takes its place.
  const finishLine = () => {
    if (open) stream.write('\r\x1b[2K');
    open = false;
  };
  const speed = (received: number): string => {
    const seconds = (now() - attempt.startedAt) / 1000;
    return seconds > 0 ? `${megabytes((received - attempt.from) / seconds)} MB/s` : '';
  };
  return (event) => {
    switch (event.kind) {
      case 'download': {
        const { received, total, resumedFrom } = event.progress;
        lastProgress = event.progress;
        if (received === resumedFrom) {
          // The first report of each attempt, before any byte of it has arrived.
          attempt = { file: event.file, startedAt: now(), from: resumedFrom, quartersShown: total ? Math.floor((4 * resumedFrom) / total) : 0 };
          if (!interactive) stream.write(`  ${event.file}: downloading ${event.url}${resumedFrom > 0 ? ` from byte ${resumedFrom}` : ''}\n`);
          return;
        }
        if (!interactive) {
          const quarters = total ? Math.floor((4 * received) / total) : 0;
          if (quarters > attempt.quartersShown && received < (total ?? Infinity)) {
            attempt.quartersShown = quarters;
            stream.write(`  ${event.file}: ${amount(received, total)}, ${speed(received)}\n`);
          }
          return;
        }
        if (now() - lastDraw < 200 && received !== total) return;
        lastDraw = now();
        const resumed = resumedFrom > 0 ? `, resumed at ${megabytes(resumedFrom)} MB` : '';
        stream.write(`\r\x1b[2K  ${event.file} ${bar(received, total)} ${amount(received, total)} ${speed(received)}${resumed}`);
        open = true;
        return;
      }
      case 'retry':
        finishLine();
        stream.write(`  ${event.file}: attempt ${event.attempt} failed (${event.reason}); resuming\n`);
        return;
      case 'next-source':
        finishLine();
        stream.write(`  ${event.file}: ${event.reason}; trying ${event.url}\n`);
        return;
      case 'installed': {
        finishLine();
        let got = '';
        if (lastProgress && attempt.file === event.file) {
          const rate = speed(lastProgress.received);
          got = `${megabytes(lastProgress.received)} MB${rate ? ` at ${rate}` : ''}, `;
        }
        stream.write(`  ${event.file}: downloaded ${got}sha256 verified, installed at ${event.path}\n`);
        return;
      }
      case 'present':
        finishLine();
        stream.write(`  ${event.file}: already present at ${event.path}\n`);
        return;
    }
  };
}

function amount(received: number, total: number | undefined): string {
  return total ? `${megabytes(received)} of ${megabytes(total)} MB (${Math.floor((received / total) * 100)}%)` : `${megabytes(received)} MB`;
}

function bar(received: number, total: number | undefined): string {
  if (!total) return '';
  const filled = Math.min(BAR_WIDTH, Math.round((received / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}
