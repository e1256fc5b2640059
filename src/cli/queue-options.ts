import type { Command } from 'commander';
import { DEFAULT_QUEUE_PREFIX, parseQueueSettings, type QueueSettings } from '../queue/queue-settings.js';

/** The flags every queue command shares. */
export function addQueueOptions(command: Command): Command {
  return command
    .option('--queue <url>', 'Redis holding the job queues, redis://host:6379 (env FACETAG_QUEUE)')
    .option('--queue-prefix <name>', `key prefix of this library's queues in Redis (env FACETAG_QUEUE_PREFIX; default ${DEFAULT_QUEUE_PREFIX})`);
}

export interface QueueFlags {
  queue?: string;
  queuePrefix?: string;
}

/** Queue settings from the flags or the environment; null when no queue is configured. */
export function queueSettingsFrom(flags: QueueFlags, env: NodeJS.ProcessEnv = process.env): QueueSettings | null {
  const url = flags.queue ?? env.FACETAG_QUEUE;
  if (url === undefined || url === '') return null;
  return parseQueueSettings(url, flags.queuePrefix ?? env.FACETAG_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX);
}

export function requireQueueSettings(flags: QueueFlags): QueueSettings {
  const settings = queueSettingsFrom(flags);
  if (!settings) throw new Error('no queue given: pass --queue redis://host:6379 or set FACETAG_QUEUE');
  return settings;
}
