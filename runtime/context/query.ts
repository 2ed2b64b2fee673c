export interface ConcurrencyOptions {
  /** How many calls of `fn` may run at once (default 1). */
  concurrency?: number;
}

/**
 * A lazy, streaming sequence: nothing is read until it is iterated, and items arrive in
 * batches from the data source. `for await` over it, or use the helpers below.
 */
export class Query<T> implements AsyncIterable<T> {
  readonly #produce: () => AsyncIterator<T>;
  readonly #count: () => Promise<number>;

  constructor(produce: () => AsyncIterator<T>, count: () => Promise<number>) {
    this.#produce = produce;
    this.#count = count;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#produce();
  }

  /** How many items the query yields, counted by the data source without reading them. */
  count(): Promise<number> {
    return this.#count();
  }

  async first(): Promise<T | undefined> {
    for await (const item of this) return item;
    return undefined;
  }

  /** Every item in memory at once: fine for small sets, avoid it for a dataset's entries. */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }

  /** Results in the order of the items, whatever the concurrency. */
  async map<R>(fn: (item: T, index: number) => R | Promise<R>, options: ConcurrencyOptions = {}): Promise<R[]> {
    const results: R[] = [];
    if (options.concurrency === undefined || options.concurrency === 1) {
      // One call at a time needs no bookkeeping of calls in flight: a plain loop.
      let index = 0;
      for await (const item of this) {
        const result = fn(item, index);
        results[index++] = isPromiseLike(result) ? await result : result;
      }
      return results;
    }
    await runConcurrently(this, options.concurrency, async (item, index) => {
      results[index] = await fn(item, index);
    });
    return results;
  }

  async forEach(fn: (item: T, index: number) => unknown, options: ConcurrencyOptions = {}): Promise<void> {
    if (options.concurrency === undefined || options.concurrency === 1) {
      let index = 0;
      for await (const item of this) {
        const result = fn(item, index++);
        if (isPromiseLike(result)) await result;
      }
      return;
    }
    await runConcurrently(this, options.concurrency, async (item, index) => {
      await fn(item, index);
    });
  }
}

/**
 * Pulls items one by one and keeps at most `concurrency` calls in flight. The first failure
 * stops the pulling, waits for the calls already started, closes the source and is rethrown.
 */
async function runConcurrently<T>(
  items: AsyncIterable<T>,
  concurrency: number | undefined,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = concurrency ?? 1;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency: expected a positive integer, got ${String(concurrency)}`);
  }
  const iterator = items[Symbol.asyncIterator]();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let index = 0;
  try {
    while (!failure) {
      const next = await iterator.next();
      if (next.done) break;
      const running = fn(next.value, index++).then(
        () => {
          inFlight.delete(running);
        },
        (error: unknown) => {
          inFlight.delete(running);
          failure ??= { error };
        },
      );
      inFlight.add(running);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(inFlight);
  if (failure) {
    await iterator.return?.();
    throw failure.error;
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
