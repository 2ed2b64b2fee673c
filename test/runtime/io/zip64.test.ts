import { execFile } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newIo, unzipTest, useTempDirs } from './support.ts';

const tempDir = useTempDirs();
const run = promisify(execFile);

const FOLDERS = 70;
const FILES_PER_FOLDER = 1000;
const ENTRY_COUNT = FOLDERS * FILES_PER_FOLDER; // past the 65,535 a classic zip can count

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

describe('ZIP64', () => {
  it(`switches on by itself for ${ENTRY_COUNT.toLocaleString('en')} entries, and unzip reads them all`, { timeout: 120_000 }, async () => {
    const root = tempDir();
    const io = newIo(root);
    // Hard links to a tiny file (one per folder: file systems cap links per file): each is a real
    // file to zip, at a fraction of the cost of writing 70,000 files.
    for (let folder = 0; folder < FOLDERS; folder += 1) {
      const original = join(root, `label-${folder}.txt`);
      writeFileSync(original, `${folder} 0.5 0.5 0.1 0.1\n`);
      const path = join(io.directory, `part-${String(folder).padStart(2, '0')}`);
      mkdirSync(path);
      for (let file = 0; file < FILES_PER_FOLDER; file += 1) linkSync(original, join(path, `${file}.txt`));
    }

    const staged = await io.finalize();

    const zip = readFileSync(staged!.path);
    expect(endRecords(zip)).toEqual({ hasZip64Record: true, hasZip64Locator: true, classicEntryCount: 0xffff });
    const tested = await unzipTest(staged!.path);
    expect(tested.match(/ OK$/gm)).toHaveLength(ENTRY_COUNT);
    const { stdout } = await run('zipinfo', ['-t', staged!.path]);
    expect(stdout).toMatch(new RegExp(`^${ENTRY_COUNT} files`));
  });
});
