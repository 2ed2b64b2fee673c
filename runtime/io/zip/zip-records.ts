/** Zip record layouts (PKWARE APPNOTE 6.3.x): local headers, central records, descriptors, end records. */

export const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
export const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
const END_SIGNATURE = 0x06054b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;
/** Names are UTF-8. */
export const FLAG_UTF8 = 0x0800;
/** CRC and sizes follow the data in a data descriptor. */
export const FLAG_DESCRIPTOR = 0x0008;

const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** Unix (3) in the high byte, so unzip applies the mode bits of the external attributes. */
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const ZIP64_EXTRA_ID = 0x0001;

/** Past this a 32-bit field holds 0xFFFFFFFF and the value goes to the ZIP64 extra field. */
export const MAX_32 = 0xffffffff;
export const MAX_16 = 0xffff;

/** What a central record says about one entry. */
export interface EntryRecord {
  nameBytes: Buffer;
  method: number;
  flags: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  externalAttributes: number;
}

export const LOCAL_HEADER_BYTES = 30;
/** The ZIP64 extra of a local header whose sizes come later (streamed entries that may pass 4 GiB). */
export const LOCAL_ZIP64_EXTRA_BYTES = 20;

function writeUint64(target: Buffer, value: number, at: number): void {
  target.writeUInt32LE(value % 0x1_0000_0000, at);
  target.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

/**
 * A local header at `at`. With `FLAG_DESCRIPTOR` the sizes are zero (they follow the data);
 * `zip64` adds the extra field a 64-bit descriptor requires. Returns the header's length.
 */
export function writeLocalHeader(target: Buffer, at: number, entry: Omit<EntryRecord, 'offset' | 'externalAttributes'>, zip64: boolean): number {
  const streamed = (entry.flags & FLAG_DESCRIPTOR) !== 0;
  target.writeUInt32LE(LOCAL_HEADER_SIGNATURE, at);
  target.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, at + 4);
  target.writeUInt16LE(entry.flags, at + 6);
  target.writeUInt16LE(entry.method, at + 8);
  target.writeUInt16LE(entry.dosTime, at + 10);
  target.writeUInt16LE(entry.dosDate, at + 12);
  target.writeUInt32LE(streamed ? 0 : entry.crc, at + 14);
  target.writeUInt32LE(zip64 ? MAX_32 : streamed ? 0 : entry.compressedSize, at + 18);
  target.writeUInt32LE(zip64 ? MAX_32 : streamed ? 0 : entry.size, at + 22);
  target.writeUInt16LE(entry.nameBytes.length, at + 26);
  target.writeUInt16LE(zip64 ? LOCAL_ZIP64_EXTRA_BYTES : 0, at + 28);
  entry.nameBytes.copy(target, at + LOCAL_HEADER_BYTES);
  let end = at + LOCAL_HEADER_BYTES + entry.nameBytes.length;
  if (zip64) {
    target.writeUInt16LE(ZIP64_EXTRA_ID, end);
    target.writeUInt16LE(16, end + 2);
    target.fill(0, end + 4, end + LOCAL_ZIP64_EXTRA_BYTES);
    end += LOCAL_ZIP64_EXTRA_BYTES;
  }
  return end - at;
}

/** The data descriptor after a streamed entry: 64-bit sizes when its local header had the ZIP64 extra. */
export function dataDescriptor(crc: number, compressedSize: number, size: number, zip64: boolean): Buffer {
  const descriptor = Buffer.allocUnsafe(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR_SIGNATURE, 0);
  descriptor.writeUInt32LE(crc, 4);
  if (zip64) {
    writeUint64(descriptor, compressedSize, 8);
    writeUint64(descriptor, size, 16);
  } else {
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
  }
  return descriptor;
}

function zip64FieldCount(entry: EntryRecord): number {
  return Number(entry.size >= MAX_32) + Number(entry.compressedSize >= MAX_32) + Number(entry.offset >= MAX_32);
}

export function centralRecordLength(entry: EntryRecord): number {
  const fields = zip64FieldCount(entry);
  return 46 + entry.nameBytes.length + (fields > 0 ? 4 + 8 * fields : 0);
}

/** The entry's central directory record at `at`; values past 32 bits go to a ZIP64 extra field. */
export function writeCentralRecord(target: Buffer, at: number, entry: EntryRecord): number {
  const fields = zip64FieldCount(entry);
  target.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, at);
  target.writeUInt16LE(MADE_BY, at + 4);
  target.writeUInt16LE(fields > 0 ? VERSION_ZIP64 : VERSION_DEFAULT, at + 6);
  target.writeUInt16LE(entry.flags, at + 8);
  target.writeUInt16LE(entry.method, at + 10);
  target.writeUInt16LE(entry.dosTime, at + 12);
  target.writeUInt16LE(entry.dosDate, at + 14);
  target.writeUInt32LE(entry.crc, at + 16);
  target.writeUInt32LE(Math.min(entry.compressedSize, MAX_32), at + 20);
  target.writeUInt32LE(Math.min(entry.size, MAX_32), at + 24);
  target.writeUInt16LE(entry.nameBytes.length, at + 28);
  target.writeUInt16LE(fields > 0 ? 4 + 8 * fields : 0, at + 30);
  target.writeUInt32LE(0, at + 32); // comment length, disk number
  target.writeUInt16LE(0, at + 36); // internal attributes
  target.writeUInt32LE(entry.externalAttributes, at + 38);
  target.writeUInt32LE(Math.min(entry.offset, MAX_32), at + 42);
  entry.nameBytes.copy(target, at + 46);
  let end = at + 46 + entry.nameBytes.length;
  if (fields > 0) {
    target.writeUInt16LE(ZIP64_EXTRA_ID, end);
    target.writeUInt16LE(8 * fields, end + 2);
    end += 4;
    // APPNOTE 4.5.3: only the fields that overflowed, in this order.
    for (const value of [entry.size, entry.compressedSize, entry.offset]) {
      if (value < MAX_32) continue;
      writeUint64(target, value, end);
      end += 8;
    }
  }
  return end - at;
}

/**
 * The records after the central directory. Past 65,535 entries or 4 GiB of offsets the classic
 * record holds its maximum values and a ZIP64 end record and locator come before it.
 */
export function endRecords(entryCount: number, directorySize: number, directoryOffset: number): Buffer {
  const zip64 = entryCount >= MAX_16 || directorySize >= MAX_32 || directoryOffset >= MAX_32;
  const records = Buffer.alloc((zip64 ? 56 + 20 : 0) + 22);
  let at = 0;
  if (zip64) {
    records.writeUInt32LE(ZIP64_END_SIGNATURE, 0);
    writeUint64(records, 44, 4);
    records.writeUInt16LE(MADE_BY, 12);
    records.writeUInt16LE(VERSION_ZIP64, 14);
    // disk numbers (16, 20) stay 0
    writeUint64(records, entryCount, 24);
    writeUint64(records, entryCount, 32);
    writeUint64(records, directorySize, 40);
    writeUint64(records, directoryOffset, 48);
    records.writeUInt32LE(ZIP64_LOCATOR_SIGNATURE, 56);
    writeUint64(records, directoryOffset + directorySize, 64);
    records.writeUInt32LE(1, 72);
    at = 76;
  }
  records.writeUInt32LE(END_SIGNATURE, at);
  records.writeUInt16LE(Math.min(entryCount, MAX_16), at + 8);
  records.writeUInt16LE(Math.min(entryCount, MAX_16), at + 10);
  records.writeUInt32LE(Math.min(directorySize, MAX_32), at + 12);
  records.writeUInt32LE(Math.min(directoryOffset, MAX_32), at + 16);
  return records;
}
