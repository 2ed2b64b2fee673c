import { describe, expect, it } from 'vitest';
import { Query, SkippedItem } from '../../../runtime/context/query.ts';

/** A query over 0..n-1 that records how far it was read and whether it was closed. */
function numbers(n: number) {
  const state = { pulled: 0, closed: false };
  const query = new Query<number>(
    async function* () {
      try {
        for (let index = 0; index < n; index += 1) {
          state.pulled += 1;
          yield index;
        }
      } finally {
        state.closed = true;
      }
    },
    async () => n,
  );
  return { query, state };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Query', () => {
  it('iterates lazily with for await and reads nothing before', async () => {
    const { query, state } = numbers(5);
    expect(state.pulled).toBe(0);
    const seen: number[] = [];
    for await (const value of query) seen.push(value);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('toArray, count and first', async () => {
    const { query, state } = numbers(1000);
    expect(await query.count()).toBe(1000);
    expect(state.pulled).toBe(0);
    expect(await query.first()).toBe(0);
    expect(state.pulled).toBe(1);
    expect(state.closed).toBe(true);
    expect(await numbers(3).query.toArray()).toEqual([0, 1, 2]);
    expect(await numbers(0).query.first()).toBeUndefined();
  });

  it('map keeps item order and never exceeds its concurrency', async () => {
    const { query } = numbers(20);
    let running = 0;
    let peak = 0;
    const results = await query.map(
      async (value) => {
        running += 1;
        peak = Math.max(peak, running);
        await delay((20 - value) % 7);
        running -= 1;
        return value * 2;
      },
      { concurrency: 4 },
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index * 2));
    expect(peak).toBe(4);
  });

  it('forEach runs one at a time by default', async () => {
    const { query } = numbers(5);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await query.forEach(async (value) => {
      running += 1;
      peak = Math.max(peak, running);
      await delay(1);
      order.push(value);
      running -= 1;
    });
    expect(peak).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('the first failure stops reading, waits for running calls, closes the source and is rethrown', async () => {
    const { query, state } = numbers(100);
    const finished: number[] = [];
    await expect(
      query.forEach(
        async (value) => {
          if (value === 3) throw new Error('boom at 3');
          await delay(5);
          finished.push(value);
        },
        { concurrency: 2 },
      ),
    ).rejects.toThrow('boom at 3');
    expect(state.pulled).toBeLessThan(10);
    expect(state.closed).toBe(true);
    expect(finished).toContain(2);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    await expect(numbers(3).query.map((value) => value, { concurrency: 0 })).rejects.toThrow(
      /concurrency: expected a positive integer, got 0/,
    );
  });

  it('loops over held items in order, running a skipped record\'s handler where it was, the same as iterating', async () => {
    const log: string[] = [];
    const make = () => [1, new SkippedItem(async () => void log.push('skip')), 2, 3];
    const query = new Query<number>(
      async function* () {
        for (const item of make()) {
          if (item instanceof SkippedItem) await item.handle();
          else yield item;
        }
      },
      async () => 3,
      async () => make(),
    );
    const mapped = await query.map(async (value, index) => {
      log.push(`map ${value}@${index}`);
      await delay(1);
      return value * 10;
    });
    expect(mapped).toEqual([10, 20, 30]);
    expect(log).toEqual(['map 1@0', 'skip', 'map 2@1', 'map 3@2']);
    log.length = 0;
    await query.forEach((value) => void log.push(`each ${value}`));
    expect(log).toEqual(['each 1', 'skip', 'each 2', 'each 3']);
    expect(await query.toArray()).toEqual([1, 2, 3]);
    expect(await query.first()).toBe(1);
    const iterated: number[] = [];
    for await (const value of query) iterated.push(value);
    expect(iterated).toEqual([1, 2, 3]);
  });
});
