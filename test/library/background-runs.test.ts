import { describe, expect, it } from 'vitest';
import { type BackgroundRun, BackgroundRuns } from '../../src/library/background-runs.js';

interface Report {
  id: string;
  state: 'running' | 'finished';
}

function run(id: string, state: Report['state'] = 'running'): BackgroundRun<Report> & { finish(): void } {
  let finish = (): void => {};
  const entry = {
    report: { id, state },
    abort: new AbortController(),
    done: new Promise<void>((resolve) => {
      finish = resolve;
    }),
    finish: () => {
      entry.report.state = 'finished';
      finish();
    },
  };
  return entry;
}

const runs = (kept = 3) => new BackgroundRuns<Report, ReturnType<typeof run>>(kept, (id) => new Error(`no run ${id}`));

describe('BackgroundRuns', () => {
  it('knows the running one and finds runs by id', () => {
    const registry = runs();
    const first = run('a', 'finished');
    const second = run('b');
    registry.add(first);
    registry.add(second);
    expect(registry.running()).toBe(second);
    expect(registry.get('a')).toBe(first);
    expect(() => registry.get('zz')).toThrow('no run zz');
    second.finish();
    expect(registry.running()).toBeNull();
  });

  it('forgets the oldest finished runs beyond the kept number, never a running one', () => {
    const registry = runs(2);
    registry.add(run('running'));
    registry.add(run('old', 'finished'));
    registry.add(run('newer', 'finished'));
    registry.add(run('newest', 'finished'));
    expect(registry.all().map((e) => e.report.id)).toEqual(['running', 'newest']);
  });

  it('closing aborts what runs, waits for it and refuses new runs', async () => {
    const registry = runs();
    const going = run('a');
    registry.add(going);
    let closed = false;
    const closing = registry.close().then(() => {
      closed = true;
    });
    expect(going.abort.signal.aborted).toBe(true);
    expect((going.abort.signal.reason as Error).message).toBe('the server is stopping');
    await Promise.resolve();
    expect(closed).toBe(false);
    going.finish();
    await closing;
    expect(closed).toBe(true);
    expect(() => registry.assertOpen('scans')).toThrow('the server is stopping: no new scans');
  });
});
