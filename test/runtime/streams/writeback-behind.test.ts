import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextWriter } from '../../../runtime/streams/text-writer.ts';
import { WRITEBACK_EVERY_BYTES, WritebackBehind } from '../../../runtime/streams/writeback-behind.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const dirs = tempDirs({ prefix: 'idah-writeback-' });

/** Whether a flush runs: while one does, settled() hands out that flush's own promise, the same each time. */
const flushing = (writeback: WritebackBehind) => writeback.settled() === writeback.settled();

describe('WritebackBehind', () => {
  it('flushes a real file once enough bytes were written, one flush at a time, and not before its descriptor exists', async () => {
    const fd = openSync(join(await dirs.make(), 'out.bin'), 'w');
    try {
      writeSync(fd, Buffer.alloc(1024 * 1024, 1));
      let descriptor: number | null = null;
      const writeback = new WritebackBehind(() => descriptor);
      writeback.wrote(WRITEBACK_EVERY_BYTES);
      expect(flushing(writeback)).toBe(false); // no descriptor yet: nothing started

      descriptor = fd;
      writeback.wrote(WRITEBACK_EVERY_BYTES - 1); // counted from before: over the threshold now
      expect(flushing(writeback)).toBe(true);
      const first = writeback.settled();
      writeback.wrote(WRITEBACK_EVERY_BYTES); // still in flight (nothing ran in between): no second
      expect(writeback.settled()).toBe(first);
      await first;
      expect(flushing(writeback)).toBe(false);

      writeback.wrote(1); // the bytes written during the flush still count: the next one starts
      expect(flushing(writeback)).toBe(true);
      await writeback.settled();
      writeback.wrote(WRITEBACK_EVERY_BYTES - 1);
      expect(flushing(writeback)).toBe(false); // below the threshold again
    } finally {
      closeSync(fd);
    }
  });

  it('a TextWriter flushing behind its writes closes with every byte in the file', async () => {
    const path = join(await dirs.make(), 'lines.txt');
    const writer = TextWriter.open(path);
    const line = `${'x'.repeat(1023)}\n`;
    const lines = Math.ceil((2.5 * WRITEBACK_EVERY_BYTES) / line.length);
    for (let index = 0; index < lines; index += 1) await writer.write(line);
    await writer.write('end\n');
    await writer.close();
    expect(statSync(path).size).toBe(lines * line.length + 4);
    expect(readFileSync(path).subarray(-6).toString()).toBe('x\nend\n');
  });
});
