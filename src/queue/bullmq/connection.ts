import type { ConnectionOptions } from 'bullmq';
import type { QueueSettings } from '../queue-settings.js';

/**
 * ioredis options for every BullMQ connection. maxRetriesPerRequest: null makes commands wait while Redis is away
 * (restarted, failing over) instead of failing after a few tries, so workers and coordinators ride out an outage
 * and carry on when it is back; BullMQ requires it for workers anyway.
 */
export function connectionOptions(settings: QueueSettings): ConnectionOptions {
  return {
    ...serverOptions(settings),
    maxRetriesPerRequest: null,
    // Reconnect quickly after a restart; ioredis's default backs off to 2 s anyway.
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}

/** For a quick probe: one try, no waiting for a reconnect, commands refused while not connected. */
export function probeConnectionOptions(settings: QueueSettings, timeoutMs: number): ConnectionOptions {
  return {
    ...serverOptions(settings),
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
  };
}

/** Where the Redis server is and who we are to it. */
function serverOptions(settings: QueueSettings) {
  return {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    db: settings.db,
    ...(settings.tls ? { tls: {} } : {}),
  };
}
