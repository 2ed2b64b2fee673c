/** Bytes a run starts with; it doubles as names come (a small folder keeps a small run). */
const FIRST_BYTES = 4096;
const FIRST_NAMES = 256;

/**
 * Names held as UTF-8 bytes in one reused buffer, not as strings: a run of thousands of
 * strings survives every young-generation collection while a large folder is listed, and that
 * much surviving data made V8 double its young generation (8 MB more peak RSS at 300,000 files
 * in one folder). Bytes off the JavaScript heap are never copied by the collector.
 */
export class NameRun {
  #bytes: Buffer = Buffer.allocUnsafe(FIRST_BYTES);
  /** Where name `i` starts in `#bytes`; `#starts[count]` is where the next one goes. */
  #starts = new Uint32Array(FIRST_NAMES + 1);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(name: string): void {
    const at = this.#starts[this.#count]!;
    if (at + 3 * name.length > this.#bytes.length) this.#bytes = grown(this.#bytes, at, at + 3 * name.length);
    if (this.#count + 1 === this.#starts.length) {
      const starts = new Uint32Array(this.#starts.length * 2);
      starts.set(this.#starts);
      this.#starts = starts;
    }
    this.#starts[this.#count + 1] = at + this.#bytes.write(name, at, 'utf8');
    this.#count += 1;
  }

  /** The names' indexes in the order `Array.prototype.sort` puts the strings (UTF-16 code units). */
  sortedOrder(): Uint32Array {
    const order = new Uint32Array(this.#count);
    for (let index = 0; index < order.length; index += 1) order[index] = index;
    const bytes = this.#bytes;
    const starts = this.#starts;
    return order.sort((a, b) => compareUtf16(bytes, starts[a]!, starts[a + 1]!, starts[b]!, starts[b + 1]!));
  }

  name(index: number): string {
    return this.#bytes.toString('utf8', this.#starts[index], this.#starts[index + 1]);
  }

  /** Copies name `index`'s bytes to `target` at `at`; returns the number of bytes. */
  copyName(index: number, target: Buffer, at: number): number {
    return this.#bytes.copy(target, at, this.#starts[index], this.#starts[index + 1]);
  }

  nameBytes(index: number): number {
    return this.#starts[index + 1]! - this.#starts[index]!;
  }

  /** Empties the run, keeping its buffers for the next. */
  clear(): void {
    this.#count = 0;
  }
}

function grown(bytes: Buffer, used: number, needed: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(needed, bytes.length * 2));
  bytes.copy(next, 0, 0, used);
  return next;
}

/**
 * Compares two UTF-8 names as their strings compare in JavaScript (UTF-16 code units). Byte
 * order is code point order, which agrees except for one pair: a character past U+FFFF (a
 * surrogate pair, lead byte F0-F4) sorts before U+E000-U+FFFF (lead byte EE or EF) in UTF-16.
 */
export function compareUtf16(bytes: Buffer, startA: number, endA: number, startB: number, endB: number): number {
  const length = Math.min(endA - startA, endB - startB);
  let index = 0;
  while (index < length && bytes[startA + index] === bytes[startB + index]) index += 1;
  if (index === length) return endA - startA - (endB - startB);
  // Back to the first byte of the character that differs (continuation bytes are 10xxxxxx).
  let lead = index;
  while (lead > 0 && (bytes[startA + lead]! & 0xc0) === 0x80) lead -= 1;
  const leadA = bytes[startA + lead]!;
  const leadB = bytes[startB + lead]!;
  if (leadA >= 0xf0 && (leadB === 0xee || leadB === 0xef)) return -1;
  if (leadB >= 0xf0 && (leadA === 0xee || leadA === 0xef)) return 1;
  return bytes[startA + index]! - bytes[startB + index]!;
}
