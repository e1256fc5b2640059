import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DownloadError, networkReason } from './download-error.js';

export interface DownloadProgress {
  /** Bytes in the part file so far, including those from an earlier attempt. */
  received: number;
  /** Whole file size when the server says it. */
  total: number | undefined;
  /** Bytes that were already there when this attempt started. */
  resumedFrom: number;
}

/**
 * Streams `url` into `partPath`, continuing an earlier partial download with a Range request when the
 * server allows it. Leaves the part file in place on any failure so that the next attempt resumes;
 * whether the bytes are the right ones is for the caller's checksum to say.
 */
export async function downloadToPart(url: string, partPath: string, onProgress: (p: DownloadProgress) => void = () => {}): Promise<void> {
  const already = await sizeOf(partPath);
  // Identity encoding: Range offsets count the bytes on disk, which a compressed transfer would not be.
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (already > 0) headers.range = `bytes=${already}-`;

  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow' });
  } catch (err) {
    throw new DownloadError(url, networkReason(err), false);
  }

  if (response.status === 416 && already > 0) {
    // Nothing after our last byte: the part is already whole (or longer than the file); the checksum decides.
    await response.body?.cancel();
    onProgress({ received: already, total: already, resumedFrom: already });
    return;
  }
  let offset: number;
  if (response.status === 206 && already > 0) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (range?.start !== already) {
      await response.body?.cancel();
      // A range we did not ask for cannot be appended safely; start afresh next time.
      await rm(partPath, { force: true });
      throw new DownloadError(url, `server answered bytes=${already}- with Content-Range ${response.headers.get('content-range') ?? '(none)'}`, true);
    }
    offset = already;
  } else if (response.ok && response.status !== 206) {
    // 200: the server ignores Range (or there was nothing to resume), so the whole file comes again.
    offset = 0;
  } else {
    await response.body?.cancel();
    throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`.trim(), response.status >= 500);
  }
  if (!response.body) throw new DownloadError(url, 'empty response', false);

  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? offset + length : undefined;
  let received = offset;
  onProgress({ received, total, resumedFrom: offset });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      onProgress({ received, total, resumedFrom: offset });
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(partPath, { flags: offset > 0 ? 'a' : 'w' }));
  } catch (err) {
    throw new DownloadError(url, `interrupted after ${received} bytes: ${networkReason(err)}`, true);
  }
  if (total !== undefined && received < total) {
    throw new DownloadError(url, `connection closed after ${received} of ${total} bytes`, true);
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function parseContentRange(value: string | null): { start: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}
