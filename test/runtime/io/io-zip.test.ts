import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAMP, expectIoError, newIo, unzipEntry, unzipTest, useTempDirs, zipNames } from './support.ts';

const tempDir = useTempDirs();

describe('io.zipDirectory()', () => {
  it('zips the directory into a readable default name, outside the directory', async () => {
    const io = newIo(tempDir());
    await io.writeFile('annotations.json', '{"images":[]}');
    await io.writeFile('images/train/001.txt', 'one');
    const zipPath = await io.zipDirectory();
    expect(basename(zipPath)).toBe(`coco-export-${STAMP}.zip`);
    expect(zipPath.startsWith(io.directory)).toBe(false);
    await unzipTest(zipPath);
    expect(await zipNames(zipPath)).toEqual(['annotations.json', 'images/train/001.txt']);
    expect(await unzipEntry(zipPath, 'images/train/001.txt')).toBe('one');
  });

  it('with fixedDate, the same files give byte-identical zips whatever their mtimes (fixedDate)', async () => {
    const zips: Buffer[] = [];
    for (const mtime of [new Date('2020-01-01T00:00:00Z'), new Date('2025-06-30T12:00:00Z')]) {
      const io = newIo(tempDir());
      const path = await io.writeFile('labels/a.txt', '0 0.5 0.5 0.1 0.1\n');
      utimesSync(path, mtime, mtime);
      zips.push(readFileSync(await io.zipDirectory({ name: 'same', fixedDate: new Date('2000-01-01T00:00:00Z') })));
    }
    expect(zips[0]?.equals(zips[1] as Buffer)).toBe(true);
  });

  it('includes dotfiles and dot folders (Ruby Dir.glob dropped them)', async () => {
    const io = newIo(tempDir());
    await io.writeFile('.meta', 'm');
    await io.writeFile('.config/settings.yaml', 'a: 1');
    await io.writeFile('visible.txt', 'v');
    const zipPath = await io.zipDirectory();
    await unzipTest(zipPath);
    expect(await zipNames(zipPath)).toEqual(['.config/settings.yaml', '.meta', 'visible.txt']);
    expect(await unzipEntry(zipPath, '.meta')).toBe('m');
  });

  it('keeps nested folders and empty folders', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a/b/c/deep.txt', 'deep');
    mkdirSync(join(io.directory, 'labels', 'empty'), { recursive: true });
    const zipPath = await io.zipDirectory();
    await unzipTest(zipPath);
    expect(await zipNames(zipPath)).toEqual(['a/b/c/deep.txt', 'labels/empty/']);
  });

  it('uses the name given, adding .zip when missing', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'a');
    expect(basename(await io.zipDirectory({ name: 'dataset' }))).toBe('dataset.zip');
    const other = newIo(tempDir());
    await other.writeFile('a.txt', 'a');
    expect(basename(await other.zipDirectory({ name: 'Dataset.ZIP' }))).toBe('Dataset.ZIP');
  });

  it('is idempotent: later calls return the same zip and make no second one', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'a');
    const [first, concurrent] = await Promise.all([io.zipDirectory(), io.zipDirectory()]);
    const again = await io.zipDirectory();
    expect(concurrent).toBe(first);
    expect(again).toBe(first);
    expect(readdirSync(dirname(first))).toEqual([basename(first)]);
  });

  it('refuses a later call asking for another name', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'a');
    await io.zipDirectory({ name: 'first.zip' });
    expect(await io.zipDirectory({ name: 'first.zip' })).toMatch(/first\.zip$/);
    const error = await expectIoError(() => io.zipDirectory({ name: 'second.zip' }), 'IO_MISUSE');
    expect(error.message).toContain('already made "first.zip"');
  });

  it('refuses to add files through io once zipped', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'a');
    await io.zipDirectory();
    const error = await expectIoError(() => io.writeFile('late.txt', 'late'), 'IO_MISUSE');
    expect(error.message).toContain('write every file before zipping');
    await expectIoError(() => io.resolve('late.txt'), 'IO_MISUSE');
  });

  it('rejects zip names that are paths', async () => {
    const io = newIo(tempDir());
    await expectIoError(() => io.zipDirectory({ name: '../out.zip' }), 'IO_PATH_INVALID');
    await expectIoError(() => io.zipDirectory({ name: 'a/out.zip' }), 'IO_PATH_INVALID');
  });

  it('refuses a symbolic link in the output instead of following it', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'secret.txt'), 'secret');
    const io = newIo(root);
    await io.writeFile('a.txt', 'a');
    symlinkSync(join(root, 'secret.txt'), join(io.directory, 'link.txt'));
    const error = await expectIoError(() => io.zipDirectory(), 'IO_MISUSE');
    expect(error.message).toContain('got a symbolic link at link.txt');
    expect(error.plugin).toBe('test-plugin');
  });
});

describe('finalize() in directory mode', () => {
  it('zips a directory the exporter left unzipped', async () => {
    const io = newIo(tempDir());
    await io.writeFile('labels/1.txt', '0 0.5 0.5 1 1');
    await io.writeFile('.hidden', 'h');
    const staged = await io.finalize();
    expect(staged).toMatchObject({ filename: `coco-export-${STAMP}.zip`, mime_type: 'application/zip' });
    expect(staged?.size).toBeGreaterThan(0);
    await unzipTest(staged!.path);
    expect(await zipNames(staged!.path)).toEqual(['.hidden', 'labels/1.txt']);
  });

  it('returns the exporter zip without zipping twice', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'a');
    const zipPath = await io.zipDirectory({ name: 'mine.zip' });
    const staged = await io.finalize();
    expect(staged).toMatchObject({ path: zipPath, filename: 'mine.zip' });
    expect(readdirSync(dirname(zipPath))).toEqual(['mine.zip']);
    await unzipTest(zipPath);
    expect(await io.finalize()).toEqual(staged);
  });

  it('returns nothing for a directory left empty (no file, no error)', async () => {
    const io = newIo(tempDir());
    mkdirSync(join(io.directory, 'only', 'folders'), { recursive: true });
    expect(await io.finalize()).toBeUndefined();
    expect(existsSync(join(dirname(io.directory), 'zip'))).toBe(false);
  });

  it('cleanup() keeps the directory output', async () => {
    const io = newIo(tempDir());
    await io.writeFile('keep.txt', 'kept');
    writeFileSync(io.tempPath('scratch.bin'), 'scratch');
    await io.cleanup();
    const staged = await io.finalize();
    expect(await zipNames(staged!.path)).toEqual(['keep.txt']);
    expect(await unzipEntry(staged!.path, 'keep.txt')).toBe('kept');
  });
});
