import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Answer Range requests with 206; otherwise always send the whole file with 200. */
  ranges?: boolean;
  /** Cut the connection after this many bytes on the first this-many requests for the file. */
  cutAfter?: number;
  cutTimes?: number;
}

export interface FileServer {
  url(path: string): string;
  /** Headers of every request, in order, by path. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** A throwaway HTTP server on 127.0.0.1 serving fixed bytes, for download tests that must not touch the internet. */
export async function startFileServer(files: Record<string, ServedFile>): Promise<FileServer> {
  const requests: FileServer['requests'] = [];
  const cuts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const served = files[path];
    if (!served) {
      res.writeHead(404).end('not found');
      return;
    }
    const { body } = served;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (range && served.ranges !== false) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'content-length': body.length, ...(served.ranges !== false ? { 'accept-ranges': 'bytes' } : {}) });
    }
    const cutSoFar = cuts.get(path) ?? 0;
    if (served.cutAfter !== undefined && cutSoFar < (served.cutTimes ?? 1)) {
      cuts.set(path, cutSoFar + 1);
      // Send part of the promised bytes, then drop the connection as a failing network would.
      res.write(body.subarray(start, start + served.cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
