/**
 * The idle wait of a claiming loop: `wait()` lasts until `poke()` or `pollMs`, whichever comes
 * first; a poke while the loop was busy makes the next `wait()` return at once, so no wake-up
 * is lost between a claim and the wait.
 */
export interface WakeOrPoll {
  poke: () => void;
  wait: () => Promise<void>;
}

export function waitForWakeOrPoll(pollMs: number): WakeOrPoll {
  let wake: (() => void) | undefined;
  let woken = false;
  return {
    poke: () => {
      woken = true;
      wake?.();
    },
    wait: async () => {
      if (!woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      woken = false;
    },
  };
}
