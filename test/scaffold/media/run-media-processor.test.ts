import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MediaProcessContext } from '../../../runtime/media/media-processor.ts';
import { runMediaProcessor } from '../../../runtime/media/run-media-processor.ts';

class Upper {
  constructor(private readonly context: MediaProcessContext<{ suffix: string }>) {}
  async run() {
    const text = await readFile(this.context.media.path, 'utf8');
    this.context.logger.info(`read ${this.context.media.size} bytes`);
    await this.context.addRendition(
      { key: 'upper', filename: `${this.context.media.filename}${this.context.options.suffix}`, mime_type: 'text/plain' },
      text.toUpperCase(),
    );
  }
}
const registration = {
  name: 'upper',
  processor: Upper,
  options: z.object({ suffix: z.string().default('.upper') }),
  mimeTypes: ['text/*'],
};
const notes = { filename: 'notes.txt', mime_type: 'text/plain', data: 'hello' };

describe('runMediaProcessor', () => {
  it('gives the processor the file on disk and validated options, and collects its renditions and logs', async () => {
    const result = await runMediaProcessor(registration, { media: notes });
    expect(result.status).toBe('completed');
    expect(result.renditions).toEqual([
      { key: 'upper', filename: 'notes.txt.upper', mime_type: 'text/plain', data: Buffer.from('HELLO') },
    ]);
    expect(result.logs.map((entry) => entry.message)).toEqual(['read 5 bytes']);
  });

  it('fails on a MIME type the processor did not register for', async () => {
    const result = await runMediaProcessor(registration, { media: { ...notes, mime_type: 'image/png' } });
    expect(result).toMatchObject({ status: 'errored', error: 'processor "upper" handles text/*, not image/png' });
  });

  it('fails on invalid options, naming the field', async () => {
    const result = await runMediaProcessor(registration, { media: notes, options: { suffix: 3 } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.suffix');
  });

  it('turns anything the processor throws into a readable error', async () => {
    class Throws {
      run() {
        throw 'disk full';
      }
    }
    const result = await runMediaProcessor({ ...registration, processor: Throws }, { media: notes });
    expect(result).toMatchObject({ status: 'errored', error: 'disk full' });
  });
});
