import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../runtime/formats/byte-writer.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'byte-writer-'));
  folders.push(folder);
  return join(folder, 'out.txt');
}

describe('ByteWriter', () => {
  it('keeps the order of text and bytes across buffer hand-overs, even when writes are not awaited', async () => {
    const path = tempFile();
    const writer = ByteWriter.open(path);
    const expected: string[] = [];
    for (let i = 0; i < 60_000; i += 1) {
      const line = i % 1000 === 0 ? `${i} é画😀 ${'x'.repeat(i % 37)}\n` : `${i},${'y'.repeat(i % 23)}\n`;
      void writer.write(line);
      expected.push(line);
      if (i === 30_000) {
        void writer.writeBytes(Buffer.from('raw bytes\n'));
        expected.push('raw bytes\n');
      }
    }
    const large = `${'L'.repeat(2_500_000)}\n`;
    void writer.write(large);
    expected.push(large, 'end\n');
    await writer.write('end\n');
    await writer.close();
    expect(readFileSync(path, 'utf8') === expected.join('')).toBe(true);
  });

  it('appends to an existing file when asked', async () => {
    const path = tempFile();
    const first = ByteWriter.open(path);
    await first.write('one\n');
    await first.close();
    const second = ByteWriter.open(path, { append: true });
    await second.write('two\n');
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('reports a file that cannot be written', async () => {
    const writer = ByteWriter.open(join(tempFile(), 'missing-folder', 'out.txt'));
    void writer.write('text');
    await expect(writer.close()).rejects.toThrow(/ENOENT|ENOTDIR/);
  });
});
