/** Name hashes per chunk: 64k names in 512 KiB. */
const CHUNK_NAMES = 64 * 1024;

/**
 * Two 32-bit hashes of every entry name, 8 bytes per entry: enough to find a repeated name
 * among millions at the end (a zip with two entries of one name loses one on extraction)
 * without keeping the names.
 */
export class EntryNameHashes {
  /** Full chunks and the one being filled, each of CHUNK_NAMES pairs: growing never copies. */
  readonly #chunks: Uint32Array[] = [];
  #count = 0;

  add(name: string): void {
    const inChunk = this.#count % CHUNK_NAMES;
    if (inChunk === 0) this.#chunks.push(new Uint32Array(2 * CHUNK_NAMES));
    const chunk = this.#chunks.at(-1)!;
    const [first, second] = hashPair(name);
    chunk[2 * inChunk] = first;
    chunk[2 * inChunk + 1] = second;
    this.#count += 1;
  }

  /**
   * Hash keys that occur more than once (usually none): `hashKey(name)` of each repeated name.
   * Each chunk is sorted in place and the chunks merged, so nothing is copied: call it once, at the end.
   */
  repeated(): Set<bigint> {
    const runs = this.#chunks.map((chunk, index) => {
      const pairs = index === this.#chunks.length - 1 ? this.#count - index * CHUNK_NAMES : CHUNK_NAMES;
      return new BigUint64Array(chunk.buffer, 0, pairs).sort();
    });
    const next = runs.map(() => 0);
    const repeated = new Set<bigint>();
    let previous: bigint | undefined;
    for (;;) {
      let smallest = -1;
      for (let run = 0; run < runs.length; run += 1) {
        if (next[run]! < runs[run]!.length && (smallest < 0 || runs[run]![next[run]!]! < runs[smallest]![next[smallest]!]!)) smallest = run;
      }
      if (smallest < 0) return repeated;
      const key = runs[smallest]![next[smallest]!]!;
      next[smallest] = next[smallest]! + 1;
      if (key === previous) repeated.add(key);
      previous = key;
    }
  }
}

/** The 64-bit key `repeated()` uses for a name (little-endian: the first hash is the low half). */
export function hashKey(name: string): bigint {
  const [first, second] = hashPair(name);
  return (BigInt(second) << 32n) | BigInt(first);
}

/** FNV-1a and a multiplicative hash over the UTF-16 code units, independent enough for 64 bits. */
function hashPair(name: string): [number, number] {
  let fnv = 0x811c9dc5;
  let other = 0x9e3779b9;
  for (let index = 0; index < name.length; index += 1) {
    const unit = name.charCodeAt(index);
    fnv = Math.imul(fnv ^ unit, 0x01000193);
    other = Math.imul(other ^ unit, 0x5bd1e995);
    other ^= other >>> 15;
  }
  return [fnv >>> 0, other >>> 0];
}
