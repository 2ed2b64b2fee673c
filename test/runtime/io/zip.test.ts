import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDirectory } from '../../../runtime/io/zip.ts';
import { expectIoError, unzipEntryBytes, unzipTest, useTempDirs, zipInfoLines, zipNames } from './support.ts';

const tempDir = useTempDirs();

function makeTree(root: string, mtime: Date): string {
  const dir = join(root, 'tree');
  mkdirSync(join(dir, 'a'), { recursive: true });
  mkdirSync(join(dir, 'empty'));
  // Created out of order on purpose.
  for (const [name, content] of [['b.txt', 'b'], ['a/z.txt', 'z'], ['a-b.txt', 'ab'], ['A.txt', 'A'], ['.dot', 'd']]) {
    writeFileSync(join(dir, name as string), content as string);
    utimesSync(join(dir, name as string), mtime, mtime);
  }
  return dir;
}

describe('zipDirectory()', () => {
  it('writes entries in sorted order with "/" names relative to the directory', async () => {
    const root = tempDir();
    const dir = makeTree(root, new Date('2021-06-01T10:00:00Z'));
    const result = await zipDirectory(dir, join(root, 'out.zip'));
    await unzipTest(result.path);
    expect(await zipNames(result.path)).toEqual(['.dot', 'A.txt', 'a-b.txt', 'a/z.txt', 'b.txt', 'empty/']);
    expect(result.entryCount).toBe(6);
    expect(result.size).toBe(readFileSync(result.path).length);
  });

  it('gives the same bytes for the same tree when fixedDate is set, whatever the mtimes', async () => {
    const root = tempDir();
    const fixedDate = new Date('2020-01-02T03:04:06Z');
    const first = await zipDirectory(makeTree(join(root, 'one'), new Date('2001-01-01T00:00:00Z')), join(root, 'one.zip'), { fixedDate });
    const second = await zipDirectory(makeTree(join(root, 'two'), new Date('2011-11-11T11:11:12Z')), join(root, 'two.zip'), { fixedDate });
    expect(readFileSync(first.path).equals(readFileSync(second.path))).toBe(true);
    const times = await zipInfoLines(first.path, '-T');
    expect(times).toHaveLength(6);
    for (const line of times) expect(line).toContain('20200102.030406');
  });

  it('stamps entries with each file mtime when no fixedDate is given', async () => {
    const root = tempDir();
    const first = await zipDirectory(makeTree(join(root, 'one'), new Date('2001-01-01T00:00:00Z')), join(root, 'one.zip'));
    const second = await zipDirectory(makeTree(join(root, 'two'), new Date('2011-11-11T11:11:12Z')), join(root, 'two.zip'));
    expect(readFileSync(first.path).equals(readFileSync(second.path))).toBe(false);
    expect((await zipInfoLines(second.path, '-T')).find((line) => line.endsWith(' b.txt'))).toContain('20111111.111112');
  });

  it('uses fixed permissions, so the umask does not change the bytes', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(dir);
    writeFileSync(join(dir, 'private.txt'), 'p');
    chmodSync(join(dir, 'private.txt'), 0o600);
    const { path } = await zipDirectory(dir, join(root, 'out.zip'));
    expect((await zipInfoLines(path))[0]).toMatch(/^-rw-r--r--/);
  });

  it('streams files larger than the read-whole limit and keeps every byte', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(dir);
    const big = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(join(dir, 'big.bin'), big);
    writeFileSync(join(dir, 'small.txt'), 'small');
    const { path } = await zipDirectory(dir, join(root, 'out.zip'));
    await unzipTest(path);
    expect((await unzipEntryBytes(path, 'big.bin')).equals(big)).toBe(true);
    expect((await unzipEntryBytes(path, 'small.txt')).toString()).toBe('small');
  });

  it('stores tiny and already-compressed files and deflates the rest', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tiny.txt'), '0 0.5 0.5 0.1 0.1\n');
    writeFileSync(join(dir, 'photo.jpg'), randomBytes(4096));
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(Array.from({ length: 500 }, (_, id) => ({ id, label: 'cat' }))));
    const { path } = await zipDirectory(dir, join(root, 'out.zip'));
    await unzipTest(path);
    const method = async (name: string) => (await zipInfoLines(path)).find((line) => line.endsWith(` ${name}`))?.split(/\s+/)[5];
    expect(await method('tiny.txt')).toBe('stor');
    expect(await method('photo.jpg')).toBe('stor');
    expect(await method('annotations.json')).toMatch(/^def/);
  });

  it('zips an empty directory to an empty, valid zip', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'tree'));
    const result = await zipDirectory(join(root, 'tree'), join(root, 'out.zip'));
    expect(result.entryCount).toBe(0);
    expect(result.size).toBe(22); // just the end-of-central-directory record
  });

  it('never overwrites an existing file at the zip path', async () => {
    const root = tempDir();
    const dir = makeTree(root, new Date());
    writeFileSync(join(root, 'taken.zip'), 'not mine');
    await expect(zipDirectory(dir, join(root, 'taken.zip'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(root, 'taken.zip'), 'utf8')).toBe('not mine');
  });

  it('refuses a symbolic link, naming where, and leaves no partial zip', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'a');
    symlinkSync('/etc', join(dir, 'sub', 'etc'));
    const error = await expectIoError(() => zipDirectory(dir, join(root, 'out.zip'), { plugin: 'p' }), 'IO_MISUSE');
    expect(error.message).toBe('[p] expected only regular files and directories in the output directory, got a symbolic link at sub/etc');
    expect(existsSync(join(root, 'out.zip'))).toBe(false);
  });

  it('refuses a named pipe instead of blocking on it', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const error = await expectIoError(() => zipDirectory(dir, join(root, 'out.zip')), 'IO_MISUSE');
    expect(error.message).toContain('got a named pipe at pipe');
  });

  it('puts each folder\'s entries in the order of their full paths, without listing the whole tree first', async () => {
    const root = tempDir();
    const dir = join(root, 'tree');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    for (const name of ['a/b/c.txt', 'a.txt', 'a-b.txt', 'a/b.txt', 'a/b-c.txt', 'ab.txt']) writeFileSync(join(dir, name), name);
    const { path } = await zipDirectory(dir, join(root, 'out.zip'));
    const names = await zipNames(path);
    expect(names).toEqual(['a-b.txt', 'a.txt', 'a/b-c.txt', 'a/b.txt', 'a/b/c.txt', 'ab.txt']);
    expect(names).toEqual([...names].sort());
  });
});
