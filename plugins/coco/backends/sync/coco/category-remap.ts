import { IdahPluginError } from 'idah-plugin';

const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SEPARATOR = Buffer.from(',\n');

/**
 * Copies scratch lines, each ending in `:<provisional>}`, as JSON array items (`\n` before the
 * first, `,\n` between) with `finalIds[provisional]` in place of the number, handing the bytes
 * to `write`. Works on bytes, chunk by chunk: no string per line. Returns the number of lines.
 */
export async function copyWithFinalCategories(
  lines: AsyncIterable<Buffer>,
  write: (bytes: Buffer) => Promise<void> | undefined,
  finalIds: readonly number[],
): Promise<number> {
  const idBytes = finalIds.map((id) => Buffer.from(String(id)));
  let carry: Buffer | undefined;
  let count = 0;
  for await (const chunk of lines) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    // Each line grows by at most the separator and the id's extra digits; lines are far longer.
    const target = Buffer.allocUnsafe(data.length * 2 + 64);
    let size = 0;
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end !== -1; end = data.indexOf(NEWLINE, start)) {
      // The line is data[start, end) and ends with `:<digits>}`.
      let digits = end - 1;
      let provisional = 0;
      let scale = 1;
      while (digits - 1 > start && data[digits - 1]! >= DIGIT_0 && data[digits - 1]! <= DIGIT_9) {
        digits -= 1;
        provisional += (data[digits]! - DIGIT_0) * scale;
        scale *= 10;
      }
      if (count === 0) target[size++] = NEWLINE;
      else size += SEPARATOR.copy(target, size);
      count += 1;
      size += data.copy(target, size, start, digits);
      size += idBytes[provisional]!.copy(target, size);
      target[size++] = 0x7d; // }
      start = end + 1;
    }
    carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    if (size > 0) {
      const waiting = write(target.subarray(0, size));
      if (waiting) await waiting;
    }
  }
  if (carry) throw new IdahPluginError('EXPORT_FAILED', `expected every scratch line to end with a newline, got a last line of ${carry.length} bytes`);
  return count;
}
