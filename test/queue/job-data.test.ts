import { describe, expect, it } from 'vitest';
import { AnalyseJobSchema, analyseJobId, clusterJobId } from '../../src/queue/job-data.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('job ids', () => {
  it('name the stage, the pack and the content, so the same photo queued twice is one job', () => {
    expect(analyseJobId('yunet-w600k', [A])).toBe(`analyse.yunet-w600k.${A}`);
    expect(analyseJobId('yunet-w600k', [A])).toBe(analyseJobId('yunet-w600k', [A]));
    expect(analyseJobId('builtin', [A])).not.toBe(analyseJobId('yunet-w600k', [A]));
  });

  it('identify a batch by the hashes it holds, in order', () => {
    const batch = analyseJobId('p', [A, B]);
    expect(batch).toMatch(/^analyse\.p\.[0-9a-f]{64}$/);
    expect(batch).not.toBe(analyseJobId('p', [A]));
    expect(batch).not.toBe(analyseJobId('p', [B, A]));
  });

  it('never contain ":", which BullMQ refuses in custom ids', () => {
    expect(analyseJobId('odd:pack name', [A])).not.toContain(':');
    expect(clusterJobId('odd:pack', 'incremental', 'k')).toBe('cluster.odd_pack.incremental.k');
  });
});

describe('analyse job data', () => {
  it('refuses jobs a worker cannot trust: no photos, or a hash that is not a sha256', () => {
    expect(AnalyseJobSchema.safeParse({ pack: 'p', photos: [] }).success).toBe(false);
    expect(AnalyseJobSchema.safeParse({ pack: 'p', photos: [{ path: '/x.jpg', sha256: 'abc', size: 1, mtimeMs: 0 }] }).success).toBe(false);
    expect(AnalyseJobSchema.safeParse({ pack: 'p', photos: [{ path: '/x.jpg', sha256: A, size: 1, mtimeMs: 0 }] }).success).toBe(true);
  });
});
