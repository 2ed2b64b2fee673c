import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { chunkBatcher } from '../../../runtime/io/chunk-batcher.ts';

/** Collects blocks through 'data' events (async iteration would merge buffered blocks). */
async function collect(chunks: Buffer[], blockBytes: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const batcher = Readable.from(chunks).pipe(chunkBatcher(blockBytes));
  batcher.on('data', (block: Buffer) => out.push(block));
  await finished(batcher);
  return out;
}

describe('chunkBatcher()', () => {
  it('joins small chunks into blocks of at least blockBytes, in order, flushing the rest at the end', async () => {
    const chunks = Array.from({ length: 10 }, (_, index) => Buffer.from(String(index).repeat(3)));
    const blocks = await collect(chunks, 8);
    expect(blocks.map((block) => block.toString())).toEqual(['000111222', '333444555', '666777888', '999']);
  });

  it('passes a large chunk through at once', async () => {
    const blocks = await collect([Buffer.alloc(100, 1), Buffer.from('x')], 8);
    expect(blocks.map((block) => block.length)).toEqual([100, 1]);
  });
});
