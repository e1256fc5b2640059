import { Queue } from 'bullmq';
import { ANALYSE_STAGE } from '../job-data.js';
import type { QueueSettings } from '../queue-settings.js';
import type { WorkerInfo } from '../work-queue.js';
import { probeConnectionOptions } from './connection.js';
import { RedisWorkerRegistry } from './worker-registry.js';

/**
 * Asks the queue's Redis for one cheap answer, on a connection of its own that gives up instead of waiting for a
 * reconnect (the shared ones wait forever, to ride out a restart), so a dead Redis is reported, not waited for.
 */
export async function probeQueue(settings: QueueSettings, timeoutMs: number): Promise<void> {
  await withProbeQueue(settings, timeoutMs, (queue) => queue.getJobCounts('waiting'));
}

/** The workers registered under the settings' prefix, read the same way: an error rather than a wait when Redis is away. */
export function probeWorkers(settings: QueueSettings, timeoutMs: number): Promise<WorkerInfo[]> {
  return withProbeQueue(settings, timeoutMs, (queue) => new RedisWorkerRegistry(queue, settings.prefix).list());
}

async function withProbeQueue<T>(settings: QueueSettings, timeoutMs: number, use: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(ANALYSE_STAGE, { connection: probeConnectionOptions(settings, timeoutMs), prefix: settings.prefix });
  let failure: Error | null = null;
  queue.on('error', (err) => (failure ??= err));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      use(queue),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failure ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw new Error(`Redis at ${settings.display} does not answer: ${describe(failure ?? err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
    void queue.disconnect().catch(() => {});
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/ECONNREFUSED/.test(text)) return `connection refused; is redis-server running and listening there? (${text})`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `unknown host (${text})`;
  if (/NOAUTH|WRONGPASS/.test(text)) return `wrong login (${text})`;
  return text;
}
