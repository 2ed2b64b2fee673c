import { IdahPluginError } from 'idah-plugin';

const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const CLOSE = 0x7d; // }

/**
 * The scratch text of the annotations, chunk by chunk, with each item's final category id.
 * The scratch holds the output's own bytes: each item after its separator (`\n` before the
 * first, `,\n` before the others) and ending `:<n>}`, n being the provisional number plus 1,
 * and JSON text has no raw newline, so a newline marks where an item starts. Numbers are
 * written from 1 so that, where the final id has as many digits (always under 10 categories),
 * it is overwritten in place and the chunk is handed on as read; elsewhere the chunk is copied
 * around the numbers. Returns the number of items.
 */
export async function* withFinalCategories(chunks: AsyncIterable<Buffer>, finalIds: readonly number[]): AsyncGenerator<Buffer, number> {
  const idBytes = finalIds.map((id) => Buffer.from(String(id)));
  let count = 0;
  let atStart = true;
  // The whole items of `data` (up to its last newline at or after `from`) with their final ids,
  // handed on; returns the rest, which starts at a newline, or all of `data` when it has none.
  // A newline before `from` was counted already and is at 0 when `from` > 0.
  function* whole(data: Buffer, from: number): Generator<Buffer, Buffer> {
    // Items end 2 bytes before each newline but the first: `}` then the separator's `,`.
    const closes: number[] = [];
    let last = from > 0 ? 0 : -1;
    for (let at = data.indexOf(NEWLINE, from); at !== -1; at = data.indexOf(NEWLINE, at + 1)) {
      count += 1;
      if (atStart) atStart = false;
      else closes.push(at - 2);
      last = at;
    }
    if (last <= 0) return data;
    // The rest is copied, so that it does not hold the whole chunk.
    const rest = Buffer.from(data.subarray(last));
    yield withFinalIds(data.subarray(0, last), closes, idBytes);
    return rest;
  }
  // An unfinished item, from its newline on (the text starts with one).
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    if (carry === undefined) {
      carry = yield* whole(chunk, 0);
      continue;
    }
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) {
      carry = Buffer.concat([carry, chunk]);
      continue;
    }
    // The carried item ends before the chunk's first newline: it is finished in a small buffer
    // of its own, so the chunk itself is never copied.
    yield* whole(Buffer.concat([carry, chunk.subarray(0, first + 1)]), carry.length);
    carry = yield* whole(chunk.subarray(first), 1);
  }
  if (carry && carry.length > 0) yield withFinalIds(carry, [carry.length - 1], idBytes);
  return count;
}

/** `data` with the number before each `}` at `closes` replaced by its final id: in place when every one has as many digits. */
function withFinalIds(data: Buffer, closes: readonly number[], idBytes: readonly Buffer[]): Buffer {
  const starts: number[] = new Array(closes.length);
  const ids: Buffer[] = new Array(closes.length);
  let growth = 0;
  let sameWidths = true;
  for (let k = 0; k < closes.length; k += 1) {
    const close = closes[k]!;
    if (data[close] !== CLOSE) throw malformed(data, close);
    let start = close;
    let written = 0;
    for (let scale = 1; start > 0 && data[start - 1]! >= DIGIT_0 && data[start - 1]! <= DIGIT_9; scale *= 10) {
      start -= 1;
      written += (data[start]! - DIGIT_0) * scale;
    }
    const id = idBytes[written - 1];
    if (start === close || id === undefined) throw malformed(data, close);
    starts[k] = start;
    ids[k] = id;
    growth += id.length - (close - start);
    if (id.length !== close - start) sameWidths = false;
  }
  if (sameWidths) {
    for (let k = 0; k < closes.length; k += 1) ids[k]!.copy(data, starts[k]!);
    return data;
  }
  const target = Buffer.allocUnsafe(data.length + growth);
  let size = 0;
  let from = 0;
  for (let k = 0; k < closes.length; k += 1) {
    size += data.copy(target, size, from, starts[k]!);
    size += ids[k]!.copy(target, size);
    from = closes[k]!;
  }
  size += data.copy(target, size, from);
  return target.subarray(0, size);
}

function malformed(data: Buffer, close: number): IdahPluginError {
  const around = data.subarray(Math.max(0, close - 40), close + 1).toString('utf8');
  return new IdahPluginError('EXPORT_FAILED', `expected every scratch item to end with ":<category number>}", got ...${JSON.stringify(around)}`);
}
