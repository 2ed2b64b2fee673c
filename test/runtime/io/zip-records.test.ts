import { describe, expect, it } from 'vitest';
import { centralRecordLength, dataDescriptor, endRecords, FLAG_DESCRIPTOR, FLAG_UTF8, METHOD_STORE, writeCentralRecord, writeLocalHeader } from '../../../runtime/io/zip/zip-records.ts';

const FIVE_GIB = 5 * 1024 * 1024 * 1024;
const readUint64 = (buffer: Buffer, at: number) => Number(buffer.readBigUInt64LE(at));

// Entries past 4 GiB take minutes to write for real; their records are checked field by field here.
describe('zip records past 32 bits', () => {
  const entry = {
    nameBytes: Buffer.from('video.mp4'),
    method: METHOD_STORE,
    flags: FLAG_UTF8 | FLAG_DESCRIPTOR,
    dosTime: 0,
    dosDate: 33,
    crc: 0x12345678,
    compressedSize: FIVE_GIB,
    size: FIVE_GIB,
    offset: FIVE_GIB + 100,
    externalAttributes: 0,
  };

  it('a central record holds 0xFFFFFFFF and puts size, compressed size and offset in a ZIP64 extra, in that order', () => {
    const record = Buffer.alloc(centralRecordLength(entry));
    expect(writeCentralRecord(record, 0, entry)).toBe(record.length);
    expect(record.readUInt16LE(6)).toBe(45);
    expect([record.readUInt32LE(20), record.readUInt32LE(24), record.readUInt32LE(42)]).toEqual([0xffffffff, 0xffffffff, 0xffffffff]);
    const extra = 46 + entry.nameBytes.length;
    expect([record.readUInt16LE(extra), record.readUInt16LE(extra + 2)]).toEqual([1, 24]);
    expect([readUint64(record, extra + 4), readUint64(record, extra + 12), readUint64(record, extra + 20)]).toEqual([FIVE_GIB, FIVE_GIB, FIVE_GIB + 100]);
  });

  it('only the fields that overflow go to the extra', () => {
    const small = { ...entry, compressedSize: 10, size: 10 };
    const record = Buffer.alloc(centralRecordLength(small));
    writeCentralRecord(record, 0, small);
    const extra = 46 + entry.nameBytes.length;
    expect(record.readUInt32LE(20)).toBe(10);
    expect(record.readUInt16LE(extra + 2)).toBe(8);
    expect(readUint64(record, extra + 4)).toBe(FIVE_GIB + 100);
  });

  it('a streamed ZIP64 entry has a local ZIP64 extra and a 64-bit data descriptor', () => {
    const header = Buffer.alloc(100);
    const length = writeLocalHeader(header, 0, entry, true);
    expect(length).toBe(30 + entry.nameBytes.length + 20);
    expect([header.readUInt32LE(18), header.readUInt32LE(22), header.readUInt16LE(28)]).toEqual([0xffffffff, 0xffffffff, 20]);
    const descriptor = dataDescriptor(entry.crc, FIVE_GIB, FIVE_GIB + 1, true);
    expect(descriptor.length).toBe(24);
    expect([descriptor.readUInt32LE(4), readUint64(descriptor, 8), readUint64(descriptor, 16)]).toEqual([entry.crc, FIVE_GIB, FIVE_GIB + 1]);
  });

  it('end records switch to ZIP64 for a directory past 4 GiB, pointing the locator at the ZIP64 record', () => {
    const records = endRecords(3, 200, FIVE_GIB);
    expect(records.length).toBe(56 + 20 + 22);
    expect(records.readUInt32LE(0)).toBe(0x06064b50);
    expect([readUint64(records, 32), readUint64(records, 40), readUint64(records, 48)]).toEqual([3, 200, FIVE_GIB]);
    expect(readUint64(records, 64)).toBe(FIVE_GIB + 200);
    expect(records.readUInt32LE(76 + 16)).toBe(0xffffffff);
    expect(endRecords(3, 200, 1000).length).toBe(22);
  });
});
