import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listZipEntries, readJsonOutput, readZipEntries, readZipEntry } from '../../../runtime/testing/read-output.ts';
import { useTempDirs } from '../io/support.ts';

const tempDir = useTempDirs();

/** A zip made by Info-ZIP's own `zip`, so these tests do not lean on our writer. */
function infoZip(root: string, files: Record<string, string | Buffer>): string {
  const source = join(root, 'source');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(source, name, '..'), { recursive: true });
    writeFileSync(join(source, name), content);
  }
  const zipPath = join(root, 'fixture.zip');
  execFileSync('zip', ['-q', '-r', zipPath, '.'], { cwd: source });
  return zipPath;
}

describe('readJsonOutput()', () => {
  it('parses a JSON output', async () => {
    const path = join(tempDir(), 'out.json');
    writeFileSync(path, '{"images":[{"id":1}]}');
    expect(await readJsonOutput(path)).toEqual({ images: [{ id: 1 }] });
  });

  it('says which file does not parse and how it starts', async () => {
    const path = join(tempDir(), 'out.json');
    writeFileSync(path, 'id,name\n1,cat\n');
    await expect(readJsonOutput(path)).rejects.toThrow(`expected ${path} to hold JSON, but it does not parse`);
    await expect(readJsonOutput(path)).rejects.toThrow('it starts with "id,name\\n1,cat\\n"');
  });
});

describe('reading zips', () => {
  it('lists entries sorted, folders with a trailing "/"', async () => {
    const zipPath = infoZip(tempDir(), { 'b.txt': 'b', 'a/2.txt': '2', 'a/1.txt': '1', '.hidden': 'h' });
    expect(await listZipEntries(zipPath)).toEqual(['.hidden', 'a/', 'a/1.txt', 'a/2.txt', 'b.txt']);
  });

  it('reads every file entry with its bytes, leaving folders out', async () => {
    const binary = Buffer.from([0, 255, 1, 254]);
    const zipPath = infoZip(tempDir(), { 'labels/1.txt': '0 0.5 0.5 1 1', 'img.bin': binary });
    const entries = await readZipEntries(zipPath);
    expect([...entries.keys()]).toEqual(['img.bin', 'labels/1.txt']);
    expect(entries.get('img.bin')?.equals(binary)).toBe(true);
    expect(entries.get('labels/1.txt')?.toString()).toBe('0 0.5 0.5 1 1');
  });

  it('reads one entry, compressed or not', async () => {
    const big = 'cat '.repeat(10_000);
    const zipPath = infoZip(tempDir(), { 'annotations.json': big, 'x.txt': 'x' });
    expect((await readZipEntry(zipPath, 'annotations.json')).toString()).toBe(big);
    expect((await readZipEntry(zipPath, 'x.txt')).toString()).toBe('x');
  });

  it('names the existing entries when the asked one is missing', async () => {
    const zipPath = infoZip(tempDir(), { 'b.txt': 'b', 'a.txt': 'a' });
    await expect(readZipEntry(zipPath, 'c.txt')).rejects.toThrow(`expected an entry "c.txt" in ${zipPath}; the entries are: "a.txt", "b.txt"`);
  });

  it('says when the file is not a zip', async () => {
    const path = join(tempDir(), 'out.zip');
    writeFileSync(path, '{"not":"a zip"}');
    await expect(listZipEntries(path)).rejects.toThrow(`expected ${path} to be a zip file, but`);
    await expect(readZipEntries(path)).rejects.toThrow('to be a zip file');
  });

  it('says when the file does not exist', async () => {
    const path = join(tempDir(), 'missing.zip');
    await expect(readZipEntry(path, 'a')).rejects.toThrow(`expected ${path} to be a zip file, but the file does not exist`);
  });
});
