/**
 * Where the job queues live: one Redis server, and a key prefix so several libraries (or test runs) can share it
 * without seeing each other's jobs.
 */
export interface QueueSettings {
  /** redis:// or rediss:// URL as given, without its password, for messages. */
  display: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  prefix: string;
}

export const DEFAULT_QUEUE_PREFIX = 'facetag';

/** Parses redis://[user:password@]host[:port][/db]; the prefix keeps libraries sharing one Redis apart. */
export function parseQueueSettings(url: string, prefix: string = DEFAULT_QUEUE_PREFIX): QueueSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid queue URL "${url}": expected redis://host:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`invalid queue URL "${url}": expected redis:// or rediss://`);
  }
  const dbPart = parsed.pathname.replace(/^\//, '');
  const db = dbPart === '' ? 0 : Number(dbPart);
  if (!Number.isInteger(db) || db < 0) throw new Error(`invalid queue URL "${url}": database "${dbPart}" is not a number`);
  if (prefix === '' || prefix.includes(':')) throw new Error(`invalid queue prefix "${prefix}": must be non-empty and without ":"`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  return {
    display: `${parsed.protocol}//${parsed.hostname}:${port}${db !== 0 ? `/${db}` : ''}`,
    host: parsed.hostname,
    port,
    username: parsed.username !== '' ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password !== '' ? decodeURIComponent(parsed.password) : undefined,
    db,
    tls: parsed.protocol === 'rediss:',
    prefix,
  };
}
