/**
 * Ctrl-C (or SIGTERM) once asks a command to stop cleanly, saying `message`; a second time quits at once.
 * `dispose` removes the handlers when the command is over.
 */
export function stopOnSignal(message: string): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onSignal = (): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\nstopping: ${message}\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
