import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCents } from './coco-geometry.ts';
import { JsonBytes } from './json-bytes.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coco-json-bytes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Whole numbers around every power of ten, both signs, and some past the safe range. */
function numbers(): number[] {
  const values = [0, -0, 1, 9, 10, 99, 100, 101, 999, 1000, 12345, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER, 2 ** 60, 1e21, 1e22];
  for (let power = 1; power <= 1e15; power *= 10) values.push(power - 1, power, power + 1, power * 3 + 7);
  for (let f = 0; f < 1000; f += 1) values.push(f, f * 101 + 37);
  return [...values, ...values.map((value) => -value)];
}

describe('JsonBytes', () => {
  it('writes numbers as String() and formatCents do, and text as UTF-8, across many buffer hand-overs', async () => {
    const path = join(dir, 'out.txt');
    const out = new JsonBytes(path);
    const expected: string[] = [];
    const comma = Buffer.from(',');
    // Enough rounds to fill the 1 MiB buffer several times.
    for (let round = 0; round < 40; round += 1) {
      for (const value of numbers()) {
        out.room(64);
        out.integer(value);
        out.bytes(comma);
        out.cents(value);
        out.bytes(comma);
        expected.push(`${String(value)},${formatCents(value)},`);
      }
      out.text(`"é ${round} 😀",`);
      expected.push(`"é ${round} 😀",`);
      const waiting = out.drained();
      if (waiting) await waiting;
    }
    const large = 'x'.repeat(1 << 20);
    out.text(large);
    expected.push(large);
    await out.close();
    expect(await readFile(path, 'utf8')).toBe(expected.join(''));
  });
});
