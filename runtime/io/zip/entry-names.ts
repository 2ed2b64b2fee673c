import { readSync } from 'node:fs';
import { IdahPluginError } from '../../errors.ts';
import { SpillFile } from './spill-file.ts';

/** Name hashes held in memory: 64k names in 512 KiB; each full chunk is sorted and goes to the scratch file. */
export const CHUNK_NAMES = 64 * 1024;
/** Hashes read at once from each sorted run while merging (16 KiB a run). */
const READ_HASHES = 2048;

/**
 * Two 32-bit hashes of every entry name, 8 bytes per entry: enough to find a repeated name
 * among millions at the end (a zip with two entries of one name loses one on extraction)
 * without keeping the names. Only one chunk is in memory: each full one is sorted and appended
 * to `spillPath` (created only then), and `repeated()` merges the sorted runs back through a
 * small buffer each, so memory stays the same whatever the number of entries (8 bytes an entry
 * in memory cost 2.4 MB at 300,000 entries). Call `dispose()` when done to remove the file.
 */
export class EntryNameHashes {
  readonly #spill: SpillFile;
  /** Pairs of 32-bit hashes: little-endian, so a BigUint64Array over them holds `hashKey`. */
  #chunk = new Uint32Array(2 * CHUNK_NAMES);
  #inChunk = 0;
  #runs = 0;

  constructor(spillPath: string) {
    this.#spill = new SpillFile(spillPath);
  }

  add(name: string): void {
    if (this.#inChunk === CHUNK_NAMES) this.#spillChunk();
    const [first, second] = hashPair(name);
    this.#chunk[2 * this.#inChunk] = first;
    this.#chunk[2 * this.#inChunk + 1] = second;
    this.#inChunk += 1;
  }

  /**
   * Hash keys that occur more than once (usually none): `hashKey(name)` of each repeated name.
   * The chunk in memory is sorted in place and merged with the runs on file: call it once, at the end.
   */
  repeated(): Set<bigint> {
    const runs: HashRun[] = [];
    for (let run = 0; run < this.#runs; run += 1) runs.push(new FileRun(this.#spill.fd!, run * CHUNK_NAMES, CHUNK_NAMES));
    runs.push(new MemoryRun(new BigUint64Array(this.#chunk.buffer, 0, this.#inChunk).sort()));
    const repeated = new Set<bigint>();
    let previous: bigint | undefined;
    for (;;) {
      let smallest = -1;
      for (let run = 0; run < runs.length; run += 1) {
        const head = runs[run]!.head;
        if (head !== undefined && (smallest < 0 || head < runs[smallest]!.head!)) smallest = run;
      }
      if (smallest < 0) return repeated;
      const key = runs[smallest]!.head!;
      runs[smallest]!.advance();
      if (key === previous) repeated.add(key);
      previous = key;
    }
  }

  /** Removes the scratch file (idempotent). */
  dispose(): void {
    this.#spill.remove();
  }

  #spillChunk(): void {
    const bytes = new Uint8Array(new BigUint64Array(this.#chunk.buffer).sort().buffer);
    this.#spill.write(bytes, bytes.length, this.#runs * bytes.length);
    this.#runs += 1;
    this.#inChunk = 0;
  }
}

/** One sorted run of keys, read in order. */
interface HashRun {
  /** The next key, undefined once the run is done. */
  readonly head: bigint | undefined;
  advance(): void;
}

class MemoryRun implements HashRun {
  readonly #keys: BigUint64Array;
  #next = 0;

  constructor(keys: BigUint64Array) {
    this.#keys = keys;
  }

  get head(): bigint | undefined {
    return this.#next < this.#keys.length ? this.#keys[this.#next] : undefined;
  }

  advance(): void {
    this.#next += 1;
  }
}

/** A run in the scratch file (`count` keys from key `start`), read READ_HASHES at a time. */
class FileRun implements HashRun {
  readonly #fd: number;
  #position: number;
  #left: number;
  readonly #keys = new BigUint64Array(READ_HASHES);
  #next = 0;
  #loaded = 0;

  constructor(fd: number, start: number, count: number) {
    this.#fd = fd;
    this.#position = start * 8;
    this.#left = count;
    this.#load();
  }

  get head(): bigint | undefined {
    return this.#next < this.#loaded ? this.#keys[this.#next] : undefined;
  }

  advance(): void {
    this.#next += 1;
    if (this.#next === this.#loaded) this.#load();
  }

  #load(): void {
    const wanted = Math.min(READ_HASHES, this.#left) * 8;
    const bytes = Buffer.from(this.#keys.buffer, 0, wanted);
    for (let read = 0; read < wanted; ) {
      const got = readSync(this.#fd, bytes, read, wanted - read, this.#position + read);
      if (got === 0) throw new IdahPluginError('EXPORT_FAILED', `the scratch file of zip entry name hashes ended early at byte ${this.#position + read}; expected it unchanged while zipping`);
      read += got;
    }
    this.#position += wanted;
    this.#left -= wanted / 8;
    this.#next = 0;
    this.#loaded = wanted / 8;
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
