import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_NAMES, SortedNames } from '../../../runtime/io/zip/sorted-names.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratchPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'idah-sorted-names-'));
  folders.push(folder);
  return join(folder, 'names.scratch');
}

/** Names that sort differently by UTF-8 bytes and by UTF-16 units, long ones, folders with `/`. */
function namesOf(count: number): string[] {
  const odd = ['\u{1F986}', '\uFF5E', 'ü', 'Z', 'a', '-', '/', '\n', ' '];
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const pick = (index * 7919) % 1_000_003;
    names.push(`${odd[pick % odd.length]}${pick.toString(36)}${odd[(pick >> 3) % odd.length]}${index % 997 === 0 ? 'x'.repeat(40_000) : ''}-${index}`);
  }
  return names;
}

describe('SortedNames', () => {
  it('sorts a small folder in memory, as Array.prototype.sort does, without a scratch file', () => {
    const path = scratchPath();
    const names = new SortedNames(path);
    const input = namesOf(500);
    for (const name of input) names.add(name);
    expect([...names.sorted()]).toEqual([...input].sort());
    expect(existsSync(path)).toBe(false);
  });

  it('sorts a folder larger than one run through the scratch file, in UTF-16 order, and removes the file', () => {
    const path = scratchPath();
    const names = new SortedNames(path);
    const input = namesOf(RUN_NAMES * 3 + 17);
    for (const name of input) names.add(name);
    expect(existsSync(path)).toBe(true);
    const sorted = [...names.sorted()];
    expect(sorted.length).toBe(input.length);
    expect(sorted).toEqual([...input].sort());
    names.dispose();
    names.dispose();
    expect(existsSync(path)).toBe(false);
  });
});
