/**
 * A hang guard, not a speed limit: a wait that never ends would otherwise fail only with vitest's bare "Test timed
 * out", or, inside spawnSync (which blocks the event loop, so vitest's own timeout cannot fire), hold CI until its
 * 90 minutes are up. Shorter than the test timeout (vitest.config.ts, 600 s) so that the failure can say where the
 * wait stood; a step of these tests takes seconds.
 */
export const HANG_GUARD_MS = 540_000;

/**
 * Resolves as `work` does; if it has not settled after HANG_GUARD_MS, rejects with `what` hung and the account
 * `explain()` gives (which may also stop the hung work, e.g. kill a child process).
 */
export function failIfHung<T>(work: Promise<T>, what: string, explain: () => Promise<string> | string): Promise<T> {
  let guard: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    guard = setTimeout(() => {
      void Promise.resolve()
        .then(explain)
        .catch((err: unknown) => `(the account of the hang failed too: ${String(err)})`)
        .then((account) => reject(new Error(`${what} hung: still waiting after ${HANG_GUARD_MS / 1000} s\n${account}`)));
    }, HANG_GUARD_MS);
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(guard));
}

/** The last lines of a long output, labelled: enough to see where a hung command stood. */
export function tail(label: string, text: string, lines = 40): string {
  const all = text.trimEnd().split('\n');
  const shown = all.slice(-lines).join('\n');
  return `--- ${label}${all.length > lines ? ` (last ${lines} of ${all.length} lines)` : ''}:\n${shown}\n`;
}
