import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns a truthy value (returned), or fails after `timeoutMs` saying what it waited for. */
export async function waitUntil<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 30_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
