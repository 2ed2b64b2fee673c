/**
 * Two 32-bit hashes of every entry name, 8 bytes per entry: enough to find a repeated name
 * among millions at the end (a zip with two entries of one name loses one on extraction)
 * without keeping the names.
 */
export class EntryNameHashes {
  #hashes = new Uint32Array(2 * 1024);
  #count = 0;

  add(name: string): void {
    if (2 * this.#count + 2 > this.#hashes.length) {
      const grown = new Uint32Array(this.#hashes.length * 2);
      grown.set(this.#hashes);
      this.#hashes = grown;
    }
    const [first, second] = hashPair(name);
    this.#hashes[2 * this.#count] = first;
    this.#hashes[2 * this.#count + 1] = second;
    this.#count += 1;
  }

  /** Hash keys that occur more than once (usually none): `hashKey(name)` of each repeated name. */
  repeated(): Set<bigint> {
    const keys = new BigUint64Array(this.#hashes.buffer, 0, this.#count).slice().sort();
    const repeated = new Set<bigint>();
    for (let index = 1; index < keys.length; index += 1) if (keys[index] === keys[index - 1]) repeated.add(keys[index]!);
    return repeated;
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
