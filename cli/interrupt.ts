/**
 * Calls `cancel` on the first Ctrl-C (SIGINT) so the job can end cleanly; a second Ctrl-C
 * quits at once. Returns a function that stops listening.
 */
export function onInterrupt(cancel: () => void): () => void {
  let interrupted = false;
  const listener = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    cancel();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
