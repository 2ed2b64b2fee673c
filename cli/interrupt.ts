/** The signals that cancel a running job, and the exit code each ends the process with (128 + its number). */
export const CANCELLING_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type CancellingSignal = keyof typeof CANCELLING_SIGNALS;

/** How often the process checks that whoever started it (npx, a shell) is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Calls `cancel` on the first SIGINT (Ctrl-C), SIGTERM or SIGHUP so the job can end cleanly;
 * a second one quits at once. A launcher that dies without passing the signal on (npx on
 * SIGTERM, a closed terminal) counts as SIGHUP: this process is orphaned and must not run on
 * to publish later. Returns a function that stops listening.
 */
export function onInterrupt(cancel: (signal: CancellingSignal) => void): () => void {
  let interrupted = false;
  const handlers = Object.keys(CANCELLING_SIGNALS).map((name) => {
    const signal = name as CancellingSignal;
    const listener = () => {
      if (interrupted) process.exit(CANCELLING_SIGNALS[signal]);
      interrupted = true;
      cancel(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  const launcher = process.ppid;
  const watch = setInterval(() => {
    if (interrupted || launcher <= 1 || process.ppid === launcher) return;
    interrupted = true;
    cancel('SIGHUP');
  }, PARENT_CHECK_MS);
  watch.unref();
  return () => {
    clearInterval(watch);
    for (const [signal, listener] of handlers) process.off(signal, listener);
  };
}
