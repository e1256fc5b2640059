import type { Queue } from 'bullmq';
import type { WorkerInfo, WorkerRegistry } from '../work-queue.js';

/**
 * Worker processes announce themselves as one Redis key each that expires unless renewed: a worker killed with
 * kill -9 disappears from `facetag cluster status` by itself after its time-to-live.
 */
export class RedisWorkerRegistry implements WorkerRegistry {
  constructor(
    private readonly queue: Queue,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:workers:${id}`;
  }

  async announce(info: WorkerInfo, ttlMs: number): Promise<void> {
    const client = await this.queue.client;
    await client.set(this.key(info.id), JSON.stringify(info), { PX: ttlMs });
  }

  async withdraw(id: string): Promise<void> {
    const client = await this.queue.client;
    await client.del(this.key(id));
  }

  async list(): Promise<WorkerInfo[]> {
    const client = await this.queue.client;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, { MATCH: `${this.prefix}:workers:*`, COUNT: 200 });
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    const values = await Promise.all(keys.map((key) => client.get(key)));
    return values
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as WorkerInfo)
      .sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
  }
}
