import type { ConnectionOptions } from 'bullmq';
import type { QueueSettings } from '../queue-settings.js';

/**
 * ioredis options for every BullMQ connection. maxRetriesPerRequest: null makes commands wait while Redis is away
 * (restarted, failing over) instead of failing after a few tries, so workers and coordinators ride out an outage
 * and carry on when it is back; BullMQ requires it for workers anyway.
 */
export function connectionOptions(settings: QueueSettings): ConnectionOptions {
  return {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    db: settings.db,
    ...(settings.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly after a restart; ioredis's default backs off to 2 s anyway.
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}
