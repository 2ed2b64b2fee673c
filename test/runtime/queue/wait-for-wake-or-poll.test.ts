import { describe, expect, it } from 'vitest';
import { waitForWakeOrPoll } from '../../../runtime/queue/wait-for-wake-or-poll.ts';

const timed = async (wait: Promise<void>) => {
  const started = performance.now();
  await wait;
  return performance.now() - started;
};

describe('waitForWakeOrPoll', () => {
  it('waits the poll when nothing pokes it, and a poke ends a wait under way at once', async () => {
    const idle = waitForWakeOrPoll(200);
    expect(await timed(idle.wait())).toBeGreaterThanOrEqual(190);
    const waiting = timed(idle.wait());
    setTimeout(idle.poke, 20);
    expect(await waiting).toBeLessThan(150);
  });

  it('keeps a poke that came while the loop was busy for the next wait, once', async () => {
    const idle = waitForWakeOrPoll(200);
    idle.poke();
    idle.poke();
    expect(await timed(idle.wait())).toBeLessThan(50);
    expect(await timed(idle.wait())).toBeGreaterThanOrEqual(190);
  });
});
