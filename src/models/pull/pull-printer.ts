import type { PullEvent } from './pull-pack.js';

/**
 * One line per file on `stream`: a download's line is rewritten in place on a terminal and printed only
 * when finished elsewhere (CI logs, pipes), so logs are not flooded with percentages.
 */
export function pullPrinter(stream: NodeJS.WriteStream = process.stderr): (event: PullEvent) => void {
  const interactive = stream.isTTY === true;
  let lastPrint = 0;
  let open = false;
  // The finished line says everything the progress line said, so it takes its place.
  const finishLine = () => {
    if (open) stream.write('\r\x1b[2K');
    open = false;
  };
  return (event) => {
    switch (event.kind) {
      case 'download': {
        if (!interactive) {
          // The first report of each attempt, before any byte of it has arrived.
          const { received, resumedFrom } = event.progress;
          if (received === resumedFrom) stream.write(`  ${event.file}: downloading ${event.url}${resumedFrom > 0 ? ` from byte ${resumedFrom}` : ''}\n`);
          return;
        }
        const now = Date.now();
        if (now - lastPrint < 200) return;
        lastPrint = now;
        const { received, total, resumedFrom } = event.progress;
        const amount = total ? `${megabytes(received)} of ${megabytes(total)} MB (${Math.floor((received / total) * 100)}%)` : `${megabytes(received)} MB`;
        stream.write(`\r\x1b[2K  ${event.file}: ${amount}${resumedFrom > 0 ? `, resumed at ${megabytes(resumedFrom)} MB` : ''}`);
        open = true;
        return;
      }
      case 'retry':
        finishLine();
        stream.write(`  ${event.file}: attempt ${event.attempt} failed (${event.reason}); resuming\n`);
        return;
      case 'installed':
        finishLine();
        stream.write(`  ${event.file}: downloaded, sha256 verified, installed at ${event.path}\n`);
        return;
      case 'present':
        finishLine();
        stream.write(`  ${event.file}: already present at ${event.path}\n`);
        return;
    }
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
