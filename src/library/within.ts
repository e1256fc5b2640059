/** A part that gives no answer within `ms` counts as down: a status page or a check must not hang on a dead server. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome of asking a part: whether it answered, and why not in words. */
export async function reachable(probe: () => Promise<unknown>, ms: number): Promise<{ reachable: boolean; detail: string | null }> {
  try {
    await within(probe(), ms);
    return { reachable: true, detail: null };
  } catch (err) {
    return { reachable: false, detail: err instanceof Error ? err.message : String(err) };
  }
}
