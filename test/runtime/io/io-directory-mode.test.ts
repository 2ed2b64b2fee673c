import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectIoError, newIo, treeOf, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('io.directory', () => {
  it('is one directory inside the io area, created on first use', () => {
    const root = tempDir();
    const io = newIo(root);
    expect(io.mode).toBeUndefined();
    const directory = io.directory;
    expect(io.mode).toBe('directory');
    expect(statSync(directory).isDirectory()).toBe(true);
    expect(directory.startsWith(join(root, 'io-area'))).toBe(true);
    expect(io.directory).toBe(directory);
  });
});

describe('io.resolve()', () => {
  it('gives an absolute path inside the directory and creates its parents', () => {
    const io = newIo(tempDir());
    const path = io.resolve('images/train/001.jpg');
    expect(path).toBe(join(io.directory, 'images', 'train', '001.jpg'));
    expect(statSync(join(io.directory, 'images', 'train')).isDirectory()).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('sanitises names on the way', () => {
    const io = newIo(tempDir());
    expect(io.resolve('labels/a:b.txt')).toBe(join(io.directory, 'labels', 'a_b.txt'));
  });
});

describe('io.writeFile()', () => {
  it('writes a string', async () => {
    const io = newIo(tempDir());
    const path = await io.writeFile('notes/readme.txt', 'héllo');
    expect(path).toBe(join(io.directory, 'notes', 'readme.txt'));
    expect(readFileSync(path, 'utf8')).toBe('héllo');
  });

  it('writes a Buffer / Uint8Array', async () => {
    const io = newIo(tempDir());
    const bytes = await io.writeFile('a.bin', Buffer.from([0, 1, 2, 255]));
    expect([...readFileSync(bytes)]).toEqual([0, 1, 2, 255]);
    const view = await io.writeFile('b.bin', new Uint8Array([9, 8]));
    expect([...readFileSync(view)]).toEqual([9, 8]);
  });

  it('streams a Readable', async () => {
    const io = newIo(tempDir());
    const path = await io.writeFile('stream.txt', Readable.from(['one,', 'two,', Buffer.from('three')]));
    expect(readFileSync(path, 'utf8')).toBe('one,two,three');
  });

  it('streams an async iterable chunk by chunk', async () => {
    const io = newIo(tempDir());
    async function* rows() {
      for (let index = 0; index < 1000; index += 1) yield `${index}\n`;
    }
    const path = await io.writeFile('rows.jsonl', rows());
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
    expect(lines[999]).toBe('999');
  });

  it('overwrites a file written before', async () => {
    const io = newIo(tempDir());
    await io.writeFile('a.txt', 'first, longer');
    const path = await io.writeFile('a.txt', 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
  });

  it('rejects data of another kind, saying what came', async () => {
    const io = newIo(tempDir());
    const error = await expectIoError(() => io.writeFile('a.txt', 42 as never), 'IO_MISUSE');
    expect(error.message).toContain('expected a string, a Uint8Array/Buffer, a Readable or an async iterable, got a number');
    const object = await expectIoError(() => io.writeFile('b.txt', { rows: [] } as never), 'IO_MISUSE');
    expect(object.message).toContain('got a plain object');
  });

  it('rejects with the source error when a stream fails', async () => {
    const io = newIo(tempDir());
    async function* failing() {
      yield 'partial';
      throw new Error('source broke');
    }
    await expect(io.writeFile('broken.txt', failing())).rejects.toThrow('source broke');
  });

  it('writes only inside the directory', async () => {
    const root = tempDir();
    const io = newIo(root);
    await io.writeFile('a/b/c.txt', 'x');
    await io.writeFile('.hidden', 'y');
    expect(treeOf(root)).toEqual([
      'io-area/',
      'io-area/directory/',
      'io-area/directory/.hidden',
      'io-area/directory/a/',
      'io-area/directory/a/b/',
      'io-area/directory/a/b/c.txt',
    ]);
  });
});
