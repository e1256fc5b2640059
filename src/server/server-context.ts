import type { FacetagLibrary } from '../api/facetag-library.js';
import type { LlmClient } from '../llm/llm-client.js';
import type { QueueSettings } from '../queue/queue-settings.js';
import type { ServerMetrics } from './server-metrics.js';
import type { ServeSettings } from './serve-settings.js';

/**
 * Everything routes may use, built once at start-up and decorated onto the fastify instance as `ctx`:
 * routes reach services through it, never by importing adapters.
 */
export interface ServerContext {
  version: string;
  settings: ServeSettings;
  lib: FacetagLibrary;
  queue: QueueSettings | null;
  metrics: ServerMetrics;
  /** The API token (null with --no-auth). */
  token: string | null;
  /** The language model GET /api/ask asks; null when none is configured. */
  llm: LlmClient | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServerContext;
  }
  interface FastifyContextConfig {
    /** Reachable without the token (health, readiness, the API document, the web app's files). */
    public?: boolean;
  }
}
