import { setImmediate as afterIo } from 'node:timers/promises';

/** JS work between two turns of the event loop while a read ahead is under way. */
const TURN_EVERY_MS = 2;

/**
 * Lets the event loop turn now and then during long stretches of synchronous work. A read
 * ahead goes in steps (the next batch's entries, then its annotations, then its medias, one
 * query after another), and each step starts only when the JS thread sees the one before end,
 * which it does only when the event loop turns. An exporter that awaits nothing but promises
 * already resolved never lets it, so the next batch's reads started only once the exporter was
 * done with the batch before, and it then waited for them: yolo at 100k x 10 sat idle 30% of
 * its run (4.5 s), its entries query seen to take 63 ms against 9 ms alone.
 */
export class EventLoopTurns {
  #last = performance.now();

  /** A turn of the event loop when the last was TURN_EVERY_MS ago; otherwise undefined (nothing to await). */
  due(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.#last < TURN_EVERY_MS) return undefined;
    return afterIo().then(() => {
      this.#last = performance.now();
    });
  }
}
