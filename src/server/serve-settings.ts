import { isIP } from 'node:net';
import type { LlmSettings } from '../llm/llm-client.js';

/** How `facetag serve` runs, read once from its flags and the environment. */
export interface ServeSettings {
  host: string;
  port: number;
  /** Serve only /v1/* inference and health: the seed's detection and embedding services as one node. */
  onlyInference: boolean;
  tls: { cert: string; key: string } | null;
  /** false only with --no-auth on a loopback host. */
  auth: boolean;
  /** One origin allowed to call the API from a browser; null keeps CORS off. */
  corsOrigin: string | null;
  /** Largest request body in bytes (uploads). */
  maxUploadBytes: number;
  /** Folders and s3:// prefixes that POST /api/scans may scan; nothing else. */
  roots: string[];
  /** How long SIGTERM waits for requests in flight before the process leaves anyway. */
  graceMs: number;
  logLevel: string;
  /** Inference requests waiting or running at once before new ones get 503 with Retry-After. */
  maxPendingInference: number;
  /** The language model for GET /api/ask (--llm-url, FACETAG_LLM_*); absent or null: ask answers 503. */
  llm?: LlmSettings | null;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** --no-auth would open the library to everyone who reaches the port; only loopback is allowed without a token. */
export function checkServeSettings(settings: ServeSettings): void {
  if (!settings.auth && !isLoopbackHost(settings.host)) {
    throw new Error(`--no-auth is refused on ${settings.host}: without a token anyone who reaches that address could change the library; use it only with --host 127.0.0.1`);
  }
  if (!Number.isInteger(settings.port) || settings.port < 0 || settings.port > 65535) throw new Error(`--port must be 0-65535, got ${settings.port}`);
}
