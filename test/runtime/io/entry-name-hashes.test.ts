import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_NAMES, EntryNameHashes, hashKey } from '../../../runtime/io/zip/entry-names.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratchPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'idah-name-hashes-'));
  folders.push(folder);
  return join(folder, 'hashes.scratch');
}

describe('EntryNameHashes', () => {
  it('finds names repeated across sorted runs on file and in memory, nothing among distinct names, and removes its scratch file', () => {
    const distinctPath = scratchPath();
    const repeatingPath = scratchPath();
    const distinct = new EntryNameHashes(distinctPath);
    const repeating = new EntryNameHashes(repeatingPath);
    const count = 2 * CHUNK_NAMES + 10_000;
    for (let index = 0; index < count; index += 1) {
      distinct.add(`labels/train/image-${index}.txt`);
      repeating.add(`labels/train/image-${index}.txt`);
    }
    repeating.add('labels/train/image-7.txt'); // first run, repeated in the one in memory
    repeating.add(`labels/train/image-${count - 1}.txt`); // both in memory
    for (let index = 0; index < 3; index += 1) repeating.add(`labels/train/image-${CHUNK_NAMES + 5}.txt`); // second run, four times
    expect(existsSync(distinctPath)).toBe(true);
    expect(distinct.repeated()).toEqual(new Set());
    expect(repeating.repeated()).toEqual(new Set([hashKey('labels/train/image-7.txt'), hashKey(`labels/train/image-${count - 1}.txt`), hashKey(`labels/train/image-${CHUNK_NAMES + 5}.txt`)]));
    distinct.dispose();
    repeating.dispose();
    repeating.dispose();
    expect(existsSync(distinctPath)).toBe(false);
    expect(existsSync(repeatingPath)).toBe(false);
  });

  it('finds a name repeated within one chunk, with no scratch file below one chunk', () => {
    const path = scratchPath();
    const few = new EntryNameHashes(path);
    for (const name of ['a', 'b', 'a', 'c']) few.add(name);
    expect(few.repeated()).toEqual(new Set([hashKey('a')]));
    expect(existsSync(path)).toBe(false);
    few.dispose();
  });
});
