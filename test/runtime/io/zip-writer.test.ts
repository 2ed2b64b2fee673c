import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { portableCrc32 } from '../../../runtime/io/zip/crc32.ts';
import { CHUNK_NAMES } from '../../../runtime/io/zip/entry-names.ts';
import { ZipWriter } from '../../../runtime/io/zip/zip-writer.ts';
import { listZipEntries, readZipEntries } from '../../../runtime/testing/read-output.ts';
import { unzipTest, useTempDirs, zipInfoLines } from './support.ts';

const tempDir = useTempDirs();
const run = promisify(execFile);
const DATE = new Date('2022-03-04T05:06:08Z');

/** The end-of-central-directory records, read from the zip's last bytes. */
function endRecords(zip: Buffer) {
  const tail = zip.subarray(zip.length - 200);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return {
    hasZip64Record: tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])),
    hasZip64Locator: tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07])),
    classicEntryCount: tail.readUInt16LE(eocd + 10),
  };
}

describe('ZipWriter', () => {
  it('writes strings, bytes, streams and folders that unzip tests clean and yauzl reads back byte for byte', async () => {
    const root = tempDir();
    const path = join(root, 'out.zip');
    const big = randomBytes(3 * 1024 * 1024 + 5);
    const text = 'word '.repeat(5000);
    const zip = await ZipWriter.create(path);
    await zip.addBytes('labels/a.txt', '0 0.5 0.5 0.1 0.1\n', { date: DATE });
    await zip.addBytes('notes/ünïcödé.txt', text, { date: DATE });
    await zip.addBytes('bytes.bin', Buffer.from([1, 2, 3]), { date: DATE });
    await zip.addStream('media/big.bin', Readable.from([big.subarray(0, 1000), big.subarray(1000)]), { date: DATE, size: big.length });
    await zip.addStream('media/unknown-size.json', Readable.from([Buffer.from(text)]), { date: DATE });
    await zip.addDirectory('empty', { date: DATE });
    const result = await zip.finish();

    expect(result).toEqual({ entryCount: 6, size: readFileSync(path).length });
    await unzipTest(path);
    const contents = await readZipEntries(path);
    expect(contents.get('labels/a.txt')?.toString()).toBe('0 0.5 0.5 0.1 0.1\n');
    expect(contents.get('notes/ünïcödé.txt')?.toString()).toBe(text);
    expect(contents.get('bytes.bin')).toEqual(Buffer.from([1, 2, 3]));
    expect(contents.get('media/big.bin')?.equals(big)).toBe(true);
    expect(contents.get('media/unknown-size.json')?.toString()).toBe(text);
    expect(await listZipEntries(path)).toContain('empty/');
    const lines = await zipInfoLines(path, '-T');
    const method = (name: string) => lines.find((line) => line.endsWith(` ${name}`))?.split(/\s+/)[5];
    expect(method('labels/a.txt')).toBe('stor'); // tiny
    expect(method('notes/ünïcödé.txt')).toMatch(/^def/);
    expect(method('media/big.bin')).toMatch(/^def/); // random bytes: deflate cannot shrink them, but the stream was deflated
    expect(lines.find((line) => line.endsWith(' empty/'))).toMatch(/^drwxr-xr-x/);
    for (const line of lines) expect(line).toContain(`${DATE.getFullYear()}${String(DATE.getMonth() + 1).padStart(2, '0')}`);
  });

  it(`counts past 65,535 entries with ZIP64 records, spills its central directory and leaves no scratch file`, { timeout: 120_000 }, async () => {
    const root = tempDir();
    const path = join(root, 'many.zip');
    const count = 70_000;
    const zip = await ZipWriter.create(path);
    for (let index = 0; index < count; index += 1) {
      const waiting = zip.addBytes(`labels/train/image-${String(index).padStart(6, '0')}.txt`, `${index % 7} 0.5 0.5 0.1 0.1\n`, { date: DATE });
      if (waiting) await waiting;
    }
    expect((await zip.finish()).entryCount).toBe(count);

    expect(readdirSync(root)).toEqual(['many.zip']);
    expect(endRecords(readFileSync(path))).toEqual({ hasZip64Record: true, hasZip64Locator: true, classicEntryCount: 0xffff });
    const tested = await unzipTest(path);
    expect(tested.match(/ OK$/gm)).toHaveLength(count);
    const { stdout } = await run('zipinfo', ['-t', path]);
    expect(stdout).toMatch(new RegExp(`^${count} files`));
    const names = await listZipEntries(path);
    expect(names).toHaveLength(count);
    expect(names[69_999]).toBe('labels/train/image-069999.txt');
  });

  it('refuses two entries of one name at the end and removes the zip', async () => {
    const root = tempDir();
    const path = join(root, 'twice.zip');
    const zip = await ZipWriter.create(path, { plugin: 'p' });
    await zip.addBytes('a.txt', 'one', { date: DATE });
    await zip.addBytes('b.txt', 'b', { date: DATE });
    await zip.addBytes('a.txt', 'two', { date: DATE });
    await expect(zip.finish()).rejects.toMatchObject({ code: 'IO_MISUSE', message: expect.stringContaining('got "a.txt" more than once') });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('past its in-memory buffers, a repeated name still fails finish() and an abort still removes everything: no scratch file is left', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const fill = async (zip: ZipWriter) => {
      // More names than one chunk of hashes and more than 1 MiB of central records: both spill.
      for (let index = 0; index < CHUNK_NAMES + 100; index += 1) {
        const waiting = zip.addBytes(`labels/train/image-${String(index).padStart(6, '0')}.txt`, 'x', { date: DATE });
        if (waiting) await waiting;
      }
      expect(readdirSync(root)).toHaveLength(3); // the zip, the central records, the name hashes
    };
    const repeated = await ZipWriter.create(join(root, 'repeated.zip'));
    await fill(repeated);
    await repeated.addBytes('labels/train/image-000003.txt', 'again', { date: DATE });
    await expect(repeated.finish()).rejects.toMatchObject({ code: 'IO_MISUSE', message: expect.stringContaining('got "labels/train/image-000003.txt" more than once') });
    expect(readdirSync(root)).toEqual([]);

    const aborted = await ZipWriter.create(join(root, 'aborted.zip'));
    await fill(aborted);
    await aborted.abort();
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses names that climb out or are absolute', async () => {
    const zip = await ZipWriter.create(join(tempDir(), 'bad.zip'));
    for (const name of ['../x.txt', '/etc/passwd', 'a/../../b', '', 'nul\0.txt']) {
      expect(() => zip.addBytes(name, 'x', { date: DATE })).toThrow(expect.objectContaining({ code: 'IO_PATH_INVALID' }));
    }
    await zip.abort();
  });

  it('a stream that fails fails the zip: finish() rejects and nothing is left', async () => {
    const root = tempDir();
    const path = join(root, 'broken.zip');
    const zip = await ZipWriter.create(path);
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(zip.addStream('x.bin', failing, { date: DATE, size: 10 })).rejects.toThrow('disk gone');
    expect(() => zip.addBytes('y.txt', 'y', { date: DATE })).toThrow('disk gone');
    await expect(zip.finish()).rejects.toThrow('disk gone');
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps calls in order when they overlap a stream', async () => {
    const root = tempDir();
    const path = join(root, 'order.zip');
    const zip = await ZipWriter.create(path);
    const reused = Buffer.from('first');
    const streamed = zip.addStream('1.bin', Readable.from([randomBytes(200_000)]), { date: DATE, size: 200_000 });
    const queued = zip.addBytes('2.txt', reused, { date: DATE });
    reused.write('xxxxx'); // the queued entry was copied
    await Promise.all([streamed, queued]);
    await zip.finish();
    const { stdout } = await run('zipinfo', ['-1', path]);
    expect(stdout.trim().split('\n')).toEqual(['1.bin', '2.txt']);
    expect((await readZipEntries(path)).get('2.txt')?.toString()).toBe('first');
  });

  it('its portable CRC-32 (for Node without zlib.crc32) agrees with zlib', () => {
    const data = randomBytes(100_003);
    const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
    expect(typeof native).toBe('function');
    expect(portableCrc32(data)).toBe(native!(data));
    expect(portableCrc32(data.subarray(500), portableCrc32(data.subarray(0, 500)))).toBe(native!(data));
  });
});
