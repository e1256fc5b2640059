import type { z } from 'zod';
import type { Scan } from '../../../src/server/schemas/work.js';
import type { ServeProcess } from './serve-process.js';

export type ScanJson = z.infer<typeof Scan>;

/** Opens GET /api/scans/:id/events and returns the response and every `data:` event until the server ends the stream. */
export async function readScanEvents(
  server: ServeProcess,
  id: string,
  onEvent: (scan: ScanJson) => void = () => {},
): Promise<{ contentType: string | null; events: ScanJson[] }> {
  const res = await server.api(`/api/scans/${id}/events`);
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status} ${await res.text()}`);
  const events: ScanJson[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
      if (data === '') continue; // a keep-alive comment
      const scan = JSON.parse(data) as ScanJson;
      events.push(scan);
      onEvent(scan);
    }
  }
  return { contentType: res.headers.get('content-type'), events };
}
