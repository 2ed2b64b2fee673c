export interface ConcurrencyOptions {
  /** How many calls of `fn` may run at once (default 1). */
  concurrency?: number;
}

/** A record left out of a query's items (a bad record): its handler runs where the record would have come. */
export class SkippedItem {
  readonly handle: () => Promise<void>;

  constructor(handle: () => Promise<void>) {
    this.handle = handle;
  }
}

/** Every item at once, for a query whose items are already read (an entry's annotations, read with its batch). */
export type HeldItems<T> = () => Promise<ReadonlyArray<T | SkippedItem>>;

/**
 * A lazy, streaming sequence: nothing is read until it is iterated, and items arrive in
 * batches from the data source. `for await` over it, or use the helpers below.
 */
export class Query<T> implements AsyncIterable<T> {
  readonly #produce: () => AsyncIterator<T>;
  readonly #count: () => Promise<number>;
  readonly #held: HeldItems<T> | undefined;

  /**
   * `held`: the items at once, when they are in memory already; `map`, `forEach`, `toArray` and
   * `first` then loop over them without an await per item (it cost more than the exporters' work).
   */
  constructor(produce: () => AsyncIterator<T>, count: () => Promise<number>, held?: HeldItems<T>) {
    this.#produce = produce;
    this.#count = count;
    this.#held = held;
  }

  /** A query over items already in memory (read with their batch): iterating runs each skipped record's handler where it was. */
  static ofHeld<T>(held: HeldItems<T>, count: () => Promise<number>): Query<T> {
    return new Query(() => heldOneByOne(held), count, held);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#produce();
  }

  /** How many items the query yields, counted by the data source without reading them. */
  count(): Promise<number> {
    return this.#count();
  }

  async first(): Promise<T | undefined> {
    if (this.#held) {
      for (const item of await this.#held()) {
        if (!(item instanceof SkippedItem)) return item;
        await item.handle();
      }
      return undefined;
    }
    for await (const item of this) return item;
    return undefined;
  }

  /** Every item in memory at once: fine for small sets, avoid it for a dataset's entries. */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    if (this.#held) {
      await this.#eachHeld(this.#held, (item) => {
        items.push(item);
      });
      return items;
    }
    for await (const item of this) items.push(item);
    return items;
  }

  /** Results in the order of the items, whatever the concurrency. */
  async map<R>(fn: (item: T, index: number) => R | Promise<R>, options: ConcurrencyOptions = {}): Promise<R[]> {
    const results: R[] = [];
    if (options.concurrency === undefined || options.concurrency === 1) {
      if (this.#held) {
        await this.#eachHeld(this.#held, (item, index) => {
          const result = fn(item, index);
          if (!isPromiseLike(result)) {
            results[index] = result;
            return undefined;
          }
          return Promise.resolve(result).then((value) => {
            results[index] = value;
          });
        });
        return results;
      }
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
      if (this.#held) return this.#eachHeld(this.#held, fn);
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

  /** One call at a time over held items, awaiting only a call that returns a promise (and a skipped record's handler). */
  async #eachHeld(held: HeldItems<T>, fn: (item: T, index: number) => unknown): Promise<void> {
    let index = 0;
    for (const item of await held()) {
      if (item instanceof SkippedItem) {
        await item.handle();
        continue;
      }
      const result = fn(item, index++);
      if (isPromiseLike(result)) await result;
    }
  }
}

async function* heldOneByOne<T>(held: HeldItems<T>): AsyncGenerator<T> {
  for (const item of await held()) {
    if (item instanceof SkippedItem) await item.handle();
    else yield item;
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
