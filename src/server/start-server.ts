import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { FacetagLibrary, type OpenLibraryOptions } from '../api/facetag-library.js';
import { packageRoot } from '../package-root.js';
import type { QueueSettings } from '../queue/queue-settings.js';
import { buildServer } from './build-server.js';
import { serverLogger } from './logger.js';
import type { ServerContext } from './server-context.js';
import { openAiCompatibleClient } from '../llm/openai-compatible.js';
import { ServerMetrics } from './server-metrics.js';
import { checkServeSettings, type ServeSettings } from './serve-settings.js';
import { loadOrCreateToken } from './session-token.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: ServerContext;
  /** http(s)://host:port as it is reachable. */
  url: string;
  /** Stops accepting, lets requests in flight finish (at most graceMs), closes the library; true when all finished in time. */
  stop(): Promise<boolean>;
}

export function facetagVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Opens the library, builds the server and listens. Everything the command prints is done by its caller. */
export async function startServer(
  settings: ServeSettings,
  open: OpenLibraryOptions,
  queue: QueueSettings | null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  checkServeSettings(settings);
  const lib = await FacetagLibrary.open(open);
  let app: FastifyInstance | undefined;
  try {
    const token = settings.auth ? (await loadOrCreateToken(lib.config.library, env.FACETAG_TOKEN)).token : null;
    const llm = settings.llm ? openAiCompatibleClient(settings.llm) : null;
    const ctx: ServerContext = { version: facetagVersion(), settings, lib, queue, metrics: new ServerMetrics(), token, llm };
    app = await buildServer(ctx, serverLogger(lib.config.library, settings.logLevel));
    await app.listen({ host: settings.host, port: settings.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : settings.port;
    const host = settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host;
    const url = `${settings.tls ? 'https' : 'http'}://${host}:${port}`;
    const running = app;
    return { app: running, ctx, url, stop: () => stopServer(running, lib, settings.graceMs) };
  } catch (err) {
    await app?.close().catch(() => {});
    await lib.close();
    throw err;
  }
}

async function stopServer(app: FastifyInstance, lib: FacetagLibrary, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  // fastify's close stops accepting at once and resolves when the requests in flight have been answered.
  const drained = app.close().then(() => true);
  const inTime = await Promise.race([drained, deadline]);
  if (!inTime) app.server.closeAllConnections();
  // The catalog's own close may wait on a server that is gone; the deadline bounds it too.
  const closed = await Promise.race([lib.close().then(() => true, () => false), deadline]);
  clearTimeout(timer);
  return inTime && closed;
}
