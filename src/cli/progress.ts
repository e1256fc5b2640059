import type { ScanProgress } from '../pipeline/scan.js';

/**
 * One status line on stderr: rewritten in place on a terminal, printed every few seconds elsewhere
 * (CI logs, pipes) so logs stay readable. FACETAG_PROGRESS_EVERY_MS sets the interval off a terminal, for a script
 * that follows the scan photo by photo (0: a line per photo).
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { update(p: ScanProgress): void; done(): void } {
  return statusLinePrinter<ScanProgress>(describe, stream);
}

/** progressPrinter for any kind of progress with done and total: `line` says what one update shows. */
export function statusLinePrinter<P extends { done: number; total: number }>(
  line: (progress: P, now: number) => string,
  stream: NodeJS.WriteStream = process.stderr,
): { update(p: P): void; done(): void } {
  const interactive = stream.isTTY === true;
  const every = interactive ? 200 : pipedInterval(process.env.FACETAG_PROGRESS_EVERY_MS);
  let lastPrint = 0;
  let lastLine = '';
  return {
    update(p) {
      const now = Date.now();
      if (now - lastPrint < every && p.done !== p.total) return;
      lastPrint = now;
      lastLine = line(p, now);
      if (interactive) stream.write(`\r\x1b[2K${lastLine}`);
      else stream.write(`${lastLine}\n`);
    },
    done() {
      if (interactive && lastLine !== '') stream.write('\n');
    },
  };
}

/** A bar of `width` characters, filled in proportion to done of total. */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return '#'.repeat(filled) + '-'.repeat(width - filled);
}

function pipedInterval(setting: string | undefined): number {
  const ms = Number(setting);
  return setting !== undefined && setting.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? ms : 5000;
}

function describe(p: ScanProgress, now: number): string {
  const seconds = Math.max(0.001, (now - p.startedAt) / 1000);
  const rate = p.analysed / seconds;
  const remaining = p.total - p.done;
  const eta = rate > 0 ? formatDuration(remaining / rate) : '?';
  return `[${progressBar(p.done, p.total)}] ${p.done}/${p.total} files  ${p.faces} faces  ${p.failed} errors  ${rate.toFixed(1)} images/s  ETA ${eta}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
