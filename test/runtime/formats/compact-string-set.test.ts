import { describe, expect, it } from 'vitest';
import { CompactStringSet } from '../../../runtime/formats/compact-string-set.ts';

describe('CompactStringSet', () => {
  it('holds each key once and tells held keys from others, byte for byte', () => {
    const set = new CompactStringSet();
    const keys = ['', 'a', 'A', 'ab', 'ba', 'straße', 'strasse', '東京', '😀', 'e\u0301', 'é', 'a\u0000b', 'a'];
    const added = keys.map((key) => set.add(key));
    expect(added).toEqual([...keys.slice(0, -1).map(() => true), false]);
    expect(set.size).toBe(keys.length - 1);
    for (const key of keys) expect(set.has(key)).toBe(true);
    for (const other of ['b', 'aa', 'a\u0000', 'straß', '東', '😁', 'e']) expect(set.has(other)).toBe(false);
  });

  it('stays exact past its first chunk, page and table (100,000 keys of the same length)', () => {
    const set = new CompactStringSet();
    const count = 100_000;
    const key = (index: number) => `image-${String(index).padStart(7, '0')}`;
    for (let index = 0; index < count; index += 2) expect(set.add(key(index))).toBe(true);
    for (let index = 0; index < count; index += 1) {
      if (set.has(key(index)) !== (index % 2 === 0)) throw new Error(`${key(index)}: has() is ${set.has(key(index))}`);
    }
    for (let index = 0; index < count; index += 1) {
      if (set.add(key(index)) !== (index % 2 === 1)) throw new Error(`${key(index)}: add() answered wrong`);
    }
    expect(set.size).toBe(count);
    expect(set.has(key(count))).toBe(false);
  });

  it('keys over 4 KB, kept apart, go in as well', () => {
    const set = new CompactStringSet();
    const long = 'x'.repeat(5000);
    const wide = '東'.repeat(2000);
    expect(set.add(long)).toBe(true);
    expect(set.add(long)).toBe(false);
    expect(set.add(wide)).toBe(true);
    expect(set.has(`${long}y`)).toBe(false);
    expect(set.has(wide)).toBe(true);
    expect(set.size).toBe(2);
  });
});
