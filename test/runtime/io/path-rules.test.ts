import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlainName, checkRelativePath } from '../../../runtime/io/path-rules.ts';
import { safeJoin } from '../../../runtime/io/safe-join.ts';
import { expectIoError } from './support.ts';

describe('checkRelativePath', () => {
  it('normalises paths that stay inside', () => {
    expect(checkRelativePath('a/./b//c.txt', 'x')).toBe('a/b/c.txt');
    expect(checkRelativePath('a/../b.txt', 'x')).toBe('b.txt');
    expect(checkRelativePath('images/', 'x')).toBe('images');
  });

  it('sanitises each segment; "\\" is a character, not a separator', () => {
    expect(checkRelativePath('a:b/c?d.txt', 'x')).toBe('a_b/c_d.txt');
    expect(checkRelativePath('a\\..\\..\\x', 'x')).toBe('a_.._.._x');
  });

  it.each([
    ['..', 'climbs out'],
    ['../x', 'climbs out'],
    ['a/../../x', 'climbs out'],
    ['/etc/passwd', 'absolute path'],
    ['\\\\server\\share', 'absolute path'],
    ['C:/Windows', 'absolute path'],
    ['a\0b', 'NUL character'],
    ['', 'an empty string'],
    ['.', 'the directory itself'],
    ['a/..', 'the directory itself'],
  ])('rejects %j (%s)', async (path, why) => {
    const error = await expectIoError(() => checkRelativePath(path, 'io.resolve()', 'my-plugin'), 'IO_PATH_INVALID');
    expect(error.message).toContain('io.resolve() expected a relative path inside the output directory, got');
    expect(error.message).toContain(why);
    expect(error.plugin).toBe('my-plugin');
  });

  it('rejects a non-string and says what came', async () => {
    const error = await expectIoError(() => checkRelativePath(42, 'io.resolve()'), 'IO_PATH_INVALID');
    expect(error.message).toContain('got a number');
  });
});

describe('checkPlainName', () => {
  it('accepts and sanitises plain names', () => {
    expect(checkPlainName('annotations.json', 'x')).toBe('annotations.json');
    expect(checkPlainName('a|b.json', 'x')).toBe('a_b.json');
    expect(checkPlainName('étiquettes.json', 'x')).toBe('étiquettes.json');
  });

  it.each([['sub/a.json'], ['..'], ['.'], [''], ['a\0.json'], ['/abs.json']])('rejects %j', async (name) => {
    const error = await expectIoError(() => checkPlainName(name, 'io.file()'), 'IO_PATH_INVALID');
    expect(error.message).toContain('io.file() expected a plain file name');
  });
});

describe('safeJoin', () => {
  it('joins inside the root', () => {
    expect(safeJoin('/root/out', 'a/b.txt')).toBe(join('/root/out', 'a', 'b.txt'));
  });

  it('refuses to climb out', async () => {
    await expectIoError(() => safeJoin('/root/out', 'a/../../x'), 'IO_PATH_INVALID');
  });
});
