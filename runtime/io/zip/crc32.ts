import zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

/** Node's own CRC-32 (zlib's, SIMD where the CPU has it): Node 20.15+ and 22.2+. */
const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

let table: Int32Array | undefined;

function makeTable(): Int32Array {
  const made = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let bit = 0; bit < 8; bit += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    made[n] = c;
  }
  return made;
}

/** The table-driven CRC-32 for Node versions without zlib.crc32. */
export function portableCrc32(data: Uint8Array, value = 0): number {
  table ??= makeTable();
  let crc = ~value;
  for (let index = 0; index < data.length; index += 1) crc = table[(crc ^ data[index]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** CRC-32 of `data`, continuing from `value` (the CRC of what came before). */
export const crc32: Crc32 = nativeCrc32 ?? portableCrc32;
