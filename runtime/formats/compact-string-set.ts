/** Keys' bytes go in chunks this big; a full chunk stays as it is (nothing is copied as the set grows). */
const CHUNK_BYTES = 256 * 1024;
/** Longer keys (hardly ever a file name) go in a plain Set. */
const MAX_KEY_BYTES = 4096;
/** Keys per page of records; a record is a key's position, length and hash. */
const PAGE_KEYS = 16 * 1024;
const RECORD = 3;

/**
 * A set of strings kept as their UTF-8 bytes in chunks, found through an open-addressing table
 * of key numbers: about 30 bytes a key where a `Set<string>` takes over 100 (and twice that in
 * resident memory), so the names of an export of 300,000 images stay a few MB and its memory
 * does not grow with the entries. Exact: keys are compared byte for byte, the hash only says
 * where to look. Bytes and records grow by pages, never by copying, so no freed block is left behind.
 */
export class CompactStringSet {
  readonly #chunks: Buffer[] = [Buffer.allocUnsafe(CHUNK_BYTES)];
  /** Bytes used in the last chunk. */
  #used = 0;
  readonly #pages: Uint32Array[] = [];
  #count = 0;
  /** Key number + 1 per slot, 0 when empty; a power of two in length, at most half full. */
  #slots = new Uint32Array(2 * PAGE_KEYS);
  readonly #long = new Set<string>();

  get size(): number {
    return this.#count + this.#long.size;
  }

  has(key: string): boolean {
    if (key.length * 3 > MAX_KEY_BYTES) return this.#long.has(key);
    const length = this.#stage(key);
    return this.#find(length, hashOf(this.#chunks.at(-1)!, this.#used, length)) >= 0;
  }

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    if (key.length * 3 > MAX_KEY_BYTES) return this.#long.size !== this.#long.add(key).size;
    const length = this.#stage(key);
    const hash = hashOf(this.#chunks.at(-1)!, this.#used, length);
    const slot = this.#find(length, hash);
    if (slot >= 0) return false;
    const index = this.#count;
    if (index % PAGE_KEYS === 0) this.#pages.push(new Uint32Array(PAGE_KEYS * RECORD));
    const page = this.#pages[index / PAGE_KEYS | 0]!;
    const at = (index % PAGE_KEYS) * RECORD;
    page[at] = (this.#chunks.length - 1) * CHUNK_BYTES + this.#used;
    page[at + 1] = length;
    page[at + 2] = hash;
    this.#count += 1;
    this.#slots[~slot] = this.#count;
    this.#used += length;
    if (this.#count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    return true;
  }

  /** Writes the key's bytes after the last key of the last chunk (not yet counted as used); returns their length. */
  #stage(key: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.#used + key.length * 3 > CHUNK_BYTES) {
      this.#chunks.push(Buffer.allocUnsafe(CHUNK_BYTES));
      this.#used = 0;
    }
    return this.#chunks.at(-1)!.write(key, this.#used, 'utf8');
  }

  /** The slot holding the staged key, or the complement (~slot) of the empty slot where it goes. */
  #find(length: number, hash: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.#slots[slot]!;
      if (held === 0) return ~slot;
      const index = held - 1;
      const page = this.#pages[index / PAGE_KEYS | 0]!;
      const at = (index % PAGE_KEYS) * RECORD;
      if (page[at + 2] === hash && page[at + 1] === length && this.#matches(page[at]!, length)) return slot;
    }
  }

  /** Whether the key at `position` holds the staged bytes. */
  #matches(position: number, length: number): boolean {
    const held = this.#chunks[position / CHUNK_BYTES | 0]!;
    const start = position % CHUNK_BYTES;
    const staged = this.#chunks.at(-1)!;
    for (let offset = 0; offset < length; offset += 1) if (held[start + offset] !== staged[this.#used + offset]) return false;
    return true;
  }

  #rehash(slotCount: number): void {
    const slots = new Uint32Array(slotCount);
    const mask = slotCount - 1;
    for (let index = 0; index < this.#count; index += 1) {
      let slot = this.#pages[index / PAGE_KEYS | 0]![(index % PAGE_KEYS) * RECORD + 2]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.#slots = slots;
  }
}

/** 32-bit FNV-1a of `length` bytes from `start`, its bits then mixed (names differ mostly at their end). */
function hashOf(bytes: Buffer, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let offset = start; offset < start + length; offset += 1) hash = Math.imul(hash ^ bytes[offset]!, 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) >>> 0;
}
