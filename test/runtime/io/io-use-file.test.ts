import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAMP, expectIoError, newIo, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('io.useFile()', () => {
  it('moves a file from inside the io area into place', async () => {
    const io = newIo(tempDir());
    const scratch = io.tempPath('built.json');
    writeFileSync(scratch, '{"built":true}');
    const output = await io.useFile(scratch);
    expect(io.mode).toBe('file');
    expect(output.name).toBe(`coco-export-${STAMP}.json`);
    expect(output.format).toBe('json');
    expect(existsSync(scratch)).toBe(false);
    expect(readFileSync(output.path, 'utf8')).toBe('{"built":true}');
  });

  it('copies a file from outside the io area and leaves the original alone', async () => {
    const root = tempDir();
    const outside = join(root, 'elsewhere', 'data.csv');
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(outside, 'a,b\n1,2\n');
    const io = newIo(root);
    const output = await io.useFile(outside, { name: 'table.csv' });
    expect(output.name).toBe('table.csv');
    expect(readFileSync(outside, 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(output.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(output.path).not.toBe(outside);
    expect(await io.finalize()).toMatchObject({ filename: 'table.csv', mime_type: 'text/csv', size: 8 });
  });

  it('replaces an output made by file(), removing the old one', async () => {
    const io = newIo(tempDir());
    const first = io.file({ format: 'json' });
    const scratch = io.tempPath('second.json');
    writeFileSync(scratch, '"second"');
    const second = await io.useFile(scratch, { name: 'final.json' });
    expect(existsSync(first.path)).toBe(false);
    expect(io.file()).toEqual(second);
    expect(await io.finalize()).toMatchObject({ filename: 'final.json', size: 8 });
  });

  it('keeps the output when given the output itself', async () => {
    const io = newIo(tempDir());
    const file = io.file({ format: 'json' });
    writeFileSync(file.path, '{}');
    expect(await io.useFile(file.path, { name: file.name })).toEqual(file);
    expect(readFileSync(file.path, 'utf8')).toBe('{}');
  });

  it('renames the output when given the output itself with a new name', async () => {
    const io = newIo(tempDir());
    const file = io.file({ format: 'json' });
    writeFileSync(file.path, '{}');
    const renamed = await io.useFile(file.path, { name: 'renamed.json' });
    expect(existsSync(file.path)).toBe(false);
    expect(readFileSync(renamed.path, 'utf8')).toBe('{}');
  });

  it('makes later file() calls with another format a misuse', async () => {
    const io = newIo(tempDir());
    const scratch = io.tempPath('x.json');
    writeFileSync(scratch, '1');
    await io.useFile(scratch);
    await expectIoError(() => io.file({ format: 'csv' }), 'IO_MISUSE');
  });

  it('refuses a missing path or a directory, saying which', async () => {
    const root = tempDir();
    const io = newIo(root);
    const missing = await expectIoError(() => io.useFile(join(root, 'nope.json')), 'IO_MISUSE');
    expect(missing.message).toContain('nope.json, which does not exist');
    const folder = await expectIoError(() => io.useFile(root), 'IO_MISUSE');
    expect(folder.message).toContain('which is not a regular file');
    await expectIoError(() => io.useFile(''), 'IO_PATH_INVALID');
  });

  it('checks the name it is given', async () => {
    const io = newIo(tempDir());
    const scratch = io.tempPath('x.json');
    writeFileSync(scratch, '1');
    await expectIoError(() => io.useFile(scratch, { name: 'sub/x.json' }), 'IO_PATH_INVALID');
    expect(existsSync(scratch)).toBe(true);
  });
});
