import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAMP, expectIoError, newIo, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

describe('io.file()', () => {
  it('creates one empty output file with a readable default name', () => {
    const root = tempDir();
    const io = newIo(root);
    const file = io.file({ format: 'json' });
    expect(io.mode).toBe('file');
    expect(file.name).toBe(`coco-export-${STAMP}.json`);
    expect(file.format).toBe('json');
    expect(file.path.startsWith(join(root, 'io-area'))).toBe(true);
    expect(readFileSync(file.path, 'utf8')).toBe('');
  });

  it('uses the name given, adding the format as extension when missing', () => {
    const io = newIo(tempDir());
    expect(io.file({ name: 'annotations.json' })).toMatchObject({ name: 'annotations.json', format: 'json' });
    const other = newIo(tempDir());
    expect(other.file({ name: 'annotations', format: 'json' }).name).toBe('annotations.json');
    const third = newIo(tempDir());
    expect(third.file({ name: 'ANNOTATIONS.JSON', format: 'json' }).name).toBe('ANNOTATIONS.JSON');
  });

  it('accepts a format with a leading dot and any case', () => {
    const io = newIo(tempDir());
    expect(io.file({ format: '.CSV' })).toMatchObject({ name: `coco-export-${STAMP}.csv`, format: 'csv' });
  });

  it('sanitises Windows-invalid characters and keeps UTF-8 in names', () => {
    expect(newIo(tempDir()).file({ name: 'a:b*c?.json' }).name).toBe('a_b_c_.json');
    expect(newIo(tempDir()).file({ name: 'étiquettes-日本.json' }).name).toBe('étiquettes-日本.json');
  });

  it('returns the same file on later calls, without truncating what was written', () => {
    const io = newIo(tempDir());
    const first = io.file({ format: 'json' });
    writeFileSync(first.path, '{"a":1}');
    expect(io.file({ format: 'json' })).toEqual(first);
    expect(io.file()).toEqual(first);
    expect(io.file({ name: first.name })).toEqual(first);
    expect(readFileSync(first.path, 'utf8')).toBe('{"a":1}');
  });

  it('refuses a later call that asks for another format or name', async () => {
    const io = newIo(tempDir());
    io.file({ format: 'json' });
    const byFormat = await expectIoError(() => io.file({ format: 'csv' }), 'IO_MISUSE');
    expect(byFormat.message).toContain(`already made "coco-export-${STAMP}.json"`);
    expect(byFormat.message).toContain('the format "csv"');
    expect(byFormat.plugin).toBe('test-plugin');
    const byName = await expectIoError(() => io.file({ name: 'other.json' }), 'IO_MISUSE');
    expect(byName.message).toContain('the name "other.json"');
  });

  it('needs a format or a name with an extension', async () => {
    const none = await expectIoError(() => newIo(tempDir()).file(), 'IO_MISUSE');
    expect(none.message).toContain('expected a format');
    const bare = await expectIoError(() => newIo(tempDir()).file({ name: 'README' }), 'IO_MISUSE');
    expect(bare.message).toContain('got the name "README" and no format');
  });

  it('rejects a format that is not a plain extension', async () => {
    const error = await expectIoError(() => newIo(tempDir()).file({ format: '../json' }), 'IO_PATH_INVALID');
    expect(error.message).toContain('expected format to be a file extension such as "json", got "../json"');
  });

  it('rejects names that are paths', async () => {
    const io = newIo(tempDir());
    await expectIoError(() => io.file({ name: 'sub/out.json' }), 'IO_PATH_INVALID');
    await expectIoError(() => io.file({ name: '../out.json' }), 'IO_PATH_INVALID');
    await expectIoError(() => io.file({ name: '' }), 'IO_PATH_INVALID');
  });
});

describe('finalize() in file mode', () => {
  it('stages the file with its name, mime type and size', async () => {
    const io = newIo(tempDir());
    const file = io.file({ name: 'annotations.json' });
    writeFileSync(file.path, '[1,2,3]');
    expect(await io.finalize()).toEqual({ path: file.path, filename: 'annotations.json', mime_type: 'application/json', size: 7 });
  });

  it('stages an output the exporter left empty (it asked for the file)', async () => {
    const io = newIo(tempDir());
    io.file({ format: 'csv' });
    expect(await io.finalize()).toMatchObject({ filename: `coco-export-${STAMP}.csv`, size: 0, mime_type: 'text/csv' });
  });

  it('says so when the exporter deleted its output', async () => {
    const io = newIo(tempDir());
    rmSync(io.file({ format: 'json' }).path);
    const error = await expectIoError(() => io.finalize(), 'IO_MISUSE');
    expect(error.message).toContain('it is gone');
  });
});

describe('cleanup() in file mode', () => {
  it('removes scratch files and keeps the output', async () => {
    const io = newIo(tempDir());
    const scratch = io.tempPath('part.json');
    writeFileSync(scratch, 'scratch');
    const file = io.file({ format: 'json' });
    writeFileSync(file.path, '{"kept":true}');
    await io.cleanup();
    expect(existsSync(scratch)).toBe(false);
    expect(existsSync(dirname(scratch))).toBe(false);
    expect(readFileSync(file.path, 'utf8')).toBe('{"kept":true}');
    expect(await io.finalize()).toMatchObject({ size: 13 });
  });
});
