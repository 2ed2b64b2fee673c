import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StagedOutput } from '../../../runtime/io/io-context.ts';
import { publishOutput } from '../../../runtime/io/publish.ts';
import { expectIoError, useTempDirs } from './support.ts';

const tempDir = useTempDirs();

function stage(root: string, filename: string, content: string): StagedOutput {
  const folder = join(root, 'staging', `${Math.random()}`.slice(2));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, filename);
  writeFileSync(path, content);
  return { path, filename, mime_type: 'application/json', size: Buffer.byteLength(content) };
}

describe('publishOutput()', () => {
  it('moves the staged file into the output folder, creating it', async () => {
    const root = tempDir();
    const staged = stage(root, 'coco-export-20240501-123456.json', '{"a":1}');
    const outDir = join(root, 'out', 'nested');
    const published = await publishOutput(staged, outDir);
    expect(published).toEqual({
      path: join(outDir, 'coco-export-20240501-123456.json'),
      filename: 'coco-export-20240501-123456.json',
      mime_type: 'application/json',
      size: 7,
    });
    expect(readFileSync(published.path, 'utf8')).toBe('{"a":1}');
    expect(existsSync(staged.path)).toBe(false);
    expect(statSync(published.path).nlink).toBe(1);
  });

  it('never overwrites: taken names get -1, -2, ... before the extension', async () => {
    const root = tempDir();
    const outDir = join(root, 'out');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'export.json'), 'existing');
    const first = await publishOutput(stage(root, 'export.json', 'first'), outDir);
    const second = await publishOutput(stage(root, 'export.json', 'second'), outDir);
    expect(first.filename).toBe('export-1.json');
    expect(second.filename).toBe('export-2.json');
    expect(readFileSync(join(outDir, 'export.json'), 'utf8')).toBe('existing');
    expect(readFileSync(first.path, 'utf8')).toBe('first');
    expect(readFileSync(second.path, 'utf8')).toBe('second');
  });

  it('keeps compound extensions and extension-less names readable', async () => {
    const root = tempDir();
    const outDir = join(root, 'out');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'data.tar.gz'), 'x');
    writeFileSync(join(outDir, 'README'), 'x');
    expect((await publishOutput(stage(root, 'data.tar.gz', 'y'), outDir)).filename).toBe('data-1.tar.gz');
    expect((await publishOutput(stage(root, 'README', 'y'), outDir)).filename).toBe('README-1');
  });

  it('gives concurrent publishes of the same name distinct files', async () => {
    const root = tempDir();
    const outDir = join(root, 'out');
    const staged = Array.from({ length: 8 }, (_, index) => stage(root, 'same.json', String(index)));
    const published = await Promise.all(staged.map((one) => publishOutput(one, outDir)));
    expect(new Set(published.map((one) => one.filename)).size).toBe(8);
    expect(readdirSync(outDir).sort()).toEqual(['same-1.json', 'same-2.json', 'same-3.json', 'same-4.json', 'same-5.json', 'same-6.json', 'same-7.json', 'same.json']);
    const contents = published.map((one) => readFileSync(one.path, 'utf8')).sort();
    expect(contents).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  // Hard links cannot cross file systems (EXDEV); /dev/shm is a separate tmpfs on Linux.
  const otherDevice = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev;
  it.runIf(otherDevice)('copies across file systems, still without overwriting', async () => {
    const shm = mkdtempSync('/dev/shm/idah-publish-');
    try {
      const outDir = join(tempDir(), 'out');
      mkdirSync(outDir);
      writeFileSync(join(outDir, 'x.json'), 'existing');
      const published = await publishOutput(stage(shm, 'x.json', 'moved'), outDir);
      expect(published.filename).toBe('x-1.json');
      expect(readFileSync(published.path, 'utf8')).toBe('moved');
      expect(readFileSync(join(outDir, 'x.json'), 'utf8')).toBe('existing');
      expect(readdirSync(join(shm, 'staging'), { recursive: true }).filter((name) => String(name).endsWith('.json'))).toEqual([]);
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it('refuses a staged filename that is a path', async () => {
    const root = tempDir();
    const staged = { ...stage(root, 'a.json', '{}'), filename: '../escape.json' };
    await expectIoError(() => publishOutput(staged, join(root, 'out')), 'IO_PATH_INVALID');
    expect(existsSync(join(root, 'escape.json'))).toBe(false);
  });
});
