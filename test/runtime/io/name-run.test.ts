import { describe, expect, it } from 'vitest';
import { compareUtf16, NameRun } from '../../../runtime/io/zip/name-run.ts';

/** Characters at the edges of UTF-8's lengths and on both sides of the surrogate range, where byte order and UTF-16 order part. */
const PIECES = ['a', 'Z', '/', '~', '\u007F', '\u0080', 'ü', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFF5E', '\uFFFF', '\u{10000}', '\u{1F986}', '\u{10FFFF}'];

function namesOf(count: number): string[] {
  const names: string[] = [];
  let seed = 12_345;
  for (let index = 0; index < count; index += 1) {
    let name = '';
    const length = 1 + (index % 5);
    for (let piece = 0; piece < length; piece += 1) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      name += PIECES[seed % PIECES.length];
    }
    names.push(name);
  }
  return names;
}

describe('NameRun', () => {
  it('orders UTF-8 names as Array.prototype.sort orders their strings, and gives each back whole', () => {
    const input = [...namesOf(3000), 'x'.repeat(10_000), 'x'.repeat(9999), ''];
    const run = new NameRun();
    for (const name of input) run.add(name);
    expect(run.count).toBe(input.length);
    expect([...run.sortedOrder()].map((index) => run.name(index))).toEqual([...input].sort());
    run.clear();
    run.add('again');
    expect([...run.sortedOrder()].map((index) => run.name(index))).toEqual(['again']);
  });

  it('puts a character past U+FFFF before U+E000-U+FFFF, unlike byte order', () => {
    const bytes = Buffer.from('\u{1F986}\uFF5E', 'utf8');
    expect(Buffer.compare(bytes.subarray(0, 4), bytes.subarray(4))).toBe(1);
    expect(compareUtf16(bytes, 0, 4, 4, 7)).toBeLessThan(0);
    expect(compareUtf16(bytes, 4, 7, 0, 4)).toBeGreaterThan(0);
  });
});
