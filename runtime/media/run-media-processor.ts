import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeThrown } from '../errors.ts';
import { validateOptions } from '../jobs/validate-options.ts';
import { createLogger, type LogEntry } from '../logger.ts';
import type { MediaProcessContext, RenditionInfo } from './media-processor.ts';
import type { MediaRegistrationView } from './registrations-of-media.ts';
import { mimeTypeMatches } from './validate-processor.ts';

export interface MediaFileFixture {
  filename: string;
  mime_type: string;
  data: Buffer | Uint8Array | string;
}

export interface RunMediaProcessorOptions {
  media: MediaFileFixture;
  options?: unknown;
  signal?: AbortSignal;
}

export interface Rendition extends RenditionInfo {
  data: Buffer;
}

export interface RunMediaProcessorResult {
  status: 'completed' | 'errored';
  error: string | undefined;
  renditions: Rendition[];
  logs: LogEntry[];
}

/**
 * For plugin tests: runs one registered processor on an in-memory file, as the media host would:
 * the MIME type must be one it registered for, options are validated (defaults applied), the
 * file is on disk for it to read, and whatever it throws ends in `errored` with a readable message.
 */
export async function runMediaProcessor(
  registration: MediaRegistrationView,
  run: RunMediaProcessorOptions,
): Promise<RunMediaProcessorResult> {
  const renditions: Rendition[] = [];
  const logs: LogEntry[] = [];
  const folder = await mkdtemp(join(tmpdir(), 'idah-media-'));
  try {
    if (!mimeTypeMatches(registration.mimeTypes, run.media.mime_type)) {
      throw new Error(
        `processor "${registration.name}" handles ${registration.mimeTypes.join(', ')}, not ${run.media.mime_type}`,
      );
    }
    const data = typeof run.media.data === 'string' ? Buffer.from(run.media.data) : Buffer.from(run.media.data);
    const path = join(folder, 'input');
    await writeFile(path, data);
    const context: MediaProcessContext = {
      media: { path, filename: run.media.filename, mime_type: run.media.mime_type, size: data.length },
      options: validateOptions(registration.options, run.options) as Record<string, unknown>,
      logger: createLogger(registration.name, (entry) => logs.push(entry)),
      signal: run.signal ?? new AbortController().signal,
      async addRendition(rendition, content) {
        if (!rendition.key) throw new TypeError('addRendition: expected a non-empty key ("" is the original file)');
        renditions.push({ ...rendition, data: Buffer.from(content) });
      },
    };
    await new registration.processor(context).run();
    return { status: 'completed', error: undefined, renditions, logs };
  } catch (error) {
    return { status: 'errored', error: describeThrown(error), renditions, logs };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
