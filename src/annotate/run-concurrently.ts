/**
 * Runs `work` on each item with at most `limit` at once, in order of the items. The first failure stops the
 * handing out of items (those already running finish or fail with the abort signal) and is what this rejects with.
 * An aborted `stop` does the same, and this rejects with its reason.
 */
export async function runConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, signal: AbortSignal) => Promise<void>,
  stop?: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const stopped = (): void => controller.abort(stop?.reason);
  if (stop?.aborted) stopped();
  else stop?.addEventListener('abort', stopped, { once: true });
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && !controller.signal.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item, controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  } finally {
    stop?.removeEventListener('abort', stopped);
  }
  if (stop?.aborted) throw stop.reason;
  if (failure !== null) throw (failure as { error: unknown }).error;
}
