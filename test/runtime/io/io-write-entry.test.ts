import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REPRODUCIBLE_DATE } from '../../../runtime/formats/reproducible.ts';
import { readZipEntries } from '../../../runtime/testing/read-output.ts';
import { expectIoError, newIo, treeOf, unzipTest, useTempDirs, zipInfoLines, zipNames } from './support.ts';

const tempDir = useTempDirs();

describe('io.writeEntry()', () => {
  it('puts generated files straight into the zip, first and in the order written; the directory files follow', async () => {
    const io = newIo(tempDir());
    await io.writeEntry('labels/train/b.txt', '0 0.5 0.5 0.1 0.1\n');
    await io.writeEntry('labels/train/a.txt', Buffer.from('1 0.2 0.2 0.1 0.1\n'));
    await io.writeEntry('Annotations/a.xml', Readable.from([Buffer.from('<annotation/>')]));
    await io.writeFile('data.yaml', 'names: [car]\n');
    expect(treeOf(io.directory)).toEqual(['data.yaml']); // nothing generated touched the disk

    const staged = await io.finalize();
    await unzipTest(staged!.path);
    expect(await zipNames(staged!.path)).toEqual(['labels/train/b.txt', 'labels/train/a.txt', 'Annotations/a.xml', 'data.yaml']);
    const contents = await readZipEntries(staged!.path);
    expect(contents.get('labels/train/a.txt')?.toString()).toBe('1 0.2 0.2 0.1 0.1\n');
    expect(contents.get('Annotations/a.xml')?.toString()).toBe('<annotation/>');
    expect(readdirSync(dirname(staged!.path))).toEqual([staged!.filename]);
  });

  it('a zip of generated entries only is an output too', async () => {
    const io = newIo(tempDir());
    await io.writeEntry('only.txt', 'x');
    const staged = await io.finalize();
    expect(await zipNames(staged!.path)).toEqual(['only.txt']);
  });

  it('gives byte-identical zips for the same entries and files with a fixed date', async () => {
    const zips: Buffer[] = [];
    for (let run = 0; run < 2; run += 1) {
      const io = newIo(tempDir());
      await io.writeEntry('labels/a.txt', 'a'.repeat(3000), { date: REPRODUCIBLE_DATE });
      await io.writeFile('data.yaml', 'names: []\n');
      zips.push(readFileSync(await io.zipDirectory({ name: 'same', fixedDate: REPRODUCIBLE_DATE })));
    }
    expect(zips[0]!.equals(zips[1]!)).toBe(true);
  });

  it('stamps entries with the date given, or the job start by default', async () => {
    const io = newIo(tempDir());
    await io.writeEntry('default.txt', 'd');
    await io.writeEntry('fixed.txt', 'f', { date: new Date(2001, 1, 3, 4, 5, 6) });
    const lines = await zipInfoLines(await io.zipDirectory(), '-T');
    expect(lines.find((line) => line.endsWith(' fixed.txt'))).toContain('20010203.040506');
    const start = new Date('2024-05-01T12:34:56.789Z');
    const stamp = `${start.getFullYear()}${String(start.getMonth() + 1).padStart(2, '0')}${String(start.getDate()).padStart(2, '0')}`;
    expect(lines.find((line) => line.endsWith(' default.txt'))).toContain(stamp);
  });

  it('refuses a path written both as an entry and as a file, and leaves no zip', async () => {
    const io = newIo(tempDir());
    await io.writeEntry('labels/a.txt', 'entry');
    await io.writeFile('labels/a.txt', 'file');
    const error = await expectIoError(() => io.finalize(), 'IO_MISUSE');
    expect(error.message).toContain('got "labels/a.txt" more than once');
    const zipFolder = join(dirname(io.directory), 'zip');
    expect(existsSync(zipFolder) ? readdirSync(zipFolder) : []).toEqual([]);
    const again = await expectIoError(() => io.zipDirectory(), 'IO_MISUSE');
    expect(again.message).toContain('entries written with io.writeEntry() went with it');
  });

  it('checks paths like writeFile and refuses entries after zipping or in file mode', async () => {
    const io = newIo(tempDir());
    await expectIoError(() => io.writeEntry('../out.txt', 'x'), 'IO_PATH_INVALID');
    await expectIoError(() => io.writeEntry('/etc/x', 'x'), 'IO_PATH_INVALID');
    await expectIoError(() => io.writeEntry('a.txt', 42 as never), 'IO_MISUSE');
    await io.writeEntry('a.txt', 'a');
    await io.zipDirectory();
    const late = await expectIoError(() => io.writeEntry('late.txt', 'late'), 'IO_MISUSE');
    expect(late.message).toContain('write every file before zipping');
    const fileMode = newIo(tempDir());
    fileMode.file({ format: 'json' });
    await expectIoError(() => fileMode.writeEntry('a.txt', 'a'), 'IO_MODE_CONFLICT');
  });

  it('dispose() removes a zip that was never finished', async () => {
    const root = tempDir();
    const io = newIo(root);
    await io.writeEntry('a.txt', 'a');
    await io.dispose();
    expect(existsSync(join(root, 'io-area'))).toBe(false);
    await expectIoError(() => io.writeEntry('b.txt', 'b'), 'IO_MISUSE');
  });
});
