import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IoContext } from '../../../runtime/io/io-context.ts';
import { expectIoError, newIo, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('the two exclusive modes', () => {
  it('refuses directory use once in file mode', async () => {
    const io = newIo(tempDir());
    io.file({ format: 'json' });
    const error = await expectIoError(() => io.directory, 'IO_MODE_CONFLICT');
    expect(error.message).toBe('[test-plugin] io is already in file mode; `directory` cannot be used in the same export');
    expect(error.plugin).toBe('test-plugin');
    await expectIoError(() => io.resolve('a.txt'), 'IO_MODE_CONFLICT');
    await expectIoError(() => io.writeFile('a.txt', 'a'), 'IO_MODE_CONFLICT');
    await expectIoError(() => io.zipDirectory(), 'IO_MODE_CONFLICT');
    expect(io.mode).toBe('file');
  });

  it('refuses file use once in directory mode', async () => {
    const io = newIo(tempDir());
    void io.directory;
    const error = await expectIoError(() => io.file({ format: 'json' }), 'IO_MODE_CONFLICT');
    expect(error.message).toBe('[test-plugin] io is already in directory mode; `file()` cannot be used in the same export');
    const scratch = io.tempPath('x.json');
    writeFileSync(scratch, '{}');
    const useFile = await expectIoError(() => io.useFile(scratch), 'IO_MODE_CONFLICT');
    expect(useFile.message).toContain('`useFile()` cannot be used');
    expect(io.mode).toBe('directory');
  });

  it('leaves the mode unset until io is used; tempPath() sets none', () => {
    const io = newIo(tempDir());
    io.tempPath();
    expect(io.mode).toBeUndefined();
  });
});

describe('an export that writes nothing', () => {
  it('finalizes to no output when io was never touched', async () => {
    const root = tempDir();
    const io = newIo(root);
    expect(await io.finalize()).toBeUndefined();
    expect(readdirSync(join(root, 'io-area'))).toEqual([]);
  });

  it('finalizes to no output when only scratch files were written', async () => {
    const io = newIo(tempDir());
    writeFileSync(io.tempPath('pushed-to-api.json'), '{}');
    expect(await io.finalize()).toBeUndefined();
  });
});

describe('tempPath()', () => {
  it('gives distinct scratch paths outside the output, keeping the name', () => {
    const io = newIo(tempDir());
    const first = io.tempPath('part.json');
    const second = io.tempPath('part.json');
    expect(first).not.toBe(second);
    expect(first.endsWith('part.json')).toBe(true);
    expect(existsSync(dirname(first))).toBe(true);
    expect(first.startsWith(io.directory)).toBe(false);
  });

  it('rejects names that are paths', async () => {
    const io = newIo(tempDir());
    await expectIoError(() => io.tempPath('../escape'), 'IO_PATH_INVALID');
    await expectIoError(() => io.tempPath('a/b'), 'IO_PATH_INVALID');
  });
});

describe('dispose()', () => {
  it('removes the whole io area, output and scratch, and is safe to call twice', async () => {
    const root = tempDir();
    const io = newIo(root);
    await io.writeFile('a.txt', 'a');
    await io.zipDirectory();
    writeFileSync(io.tempPath('s.bin'), 's');
    await io.dispose();
    expect(existsSync(join(root, 'io-area'))).toBe(false);
    await io.dispose();
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses io use after the area is gone', async () => {
    const io = newIo(tempDir());
    await io.dispose();
    const error = await expectIoError(() => io.file({ format: 'json' }), 'IO_MISUSE');
    expect(error.message).toContain('after the export ended');
    await expectIoError(() => io.tempPath(), 'IO_MISUSE');
  });
});

describe('construction', () => {
  it('needs a valid date for names', () => {
    expect(() => new IoContext({ workDir: tempDir(), exporterSlug: 'x', now: new Date('nope') })).toThrow(
      'IoContext expected options.now to be a valid Date, got Invalid Date',
    );
  });
});
