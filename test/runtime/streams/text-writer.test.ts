import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextWriter } from '../../../runtime/streams/text-writer.ts';

const MIB = 1024 * 1024;
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'idah-text-writer-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Strings of every size around the 1 MiB block, with 2-, 3- and 4-byte UTF-8 characters. */
function texts(): string[] {
  const out: string[] = [];
  for (let index = 0; index < 400; index += 1) out.push(`{"id":${index},"name":"é ${'x'.repeat(index % 97)} 中 😀"}\n`);
  out.push('a'.repeat(MIB - 3), 'é'.repeat(MIB / 2), '😀'.repeat(400_000), 'b'.repeat(3 * MIB), 'tail');
  for (let index = 0; index < 5_000; index += 1) out.push(`${index},"中文",${'y'.repeat(index % 300)}\n`);
  return out;
}

describe('TextWriter', () => {
  it('writes every string in order, whatever its size or characters, awaited or not', async () => {
    const path = join(folder, 'out.txt');
    const writer = TextWriter.open(path);
    const all = texts();
    const pending: Array<Promise<void> | undefined> = [];
    all.forEach((text, index) => {
      const waiting = writer.write(text);
      // Every other write is left running: the order must hold all the same.
      if (index % 2 === 0) pending.push(waiting);
    });
    await Promise.all(pending);
    await writer.close();
    expect((await readFile(path)).equals(Buffer.from(all.join(''), 'utf8'))).toBe(true);
  });

  it('appends to a file when asked', async () => {
    const path = join(folder, 'log.txt');
    const first = TextWriter.open(path);
    await first.write('one\n');
    await first.close();
    const second = TextWriter.open(path, { append: true });
    await second.write('two\n');
    await second.close();
    expect(await readFile(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('fails close() with the error of a file that could not be opened', async () => {
    const writer = TextWriter.open(join(folder, 'missing', 'out.txt'));
    writer.write('text');
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
  });
});
