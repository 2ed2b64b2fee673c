import { posix } from 'node:path';
import type { EntryContext } from '../context/entry-context.ts';
import type { FileReporter } from '../context/file-log.ts';
import type { MediaContext } from '../context/record-contexts.ts';
import { describeThrown } from '../errors.ts';
import type { ExportIo } from '../io/export-io.ts';
import type { IncludeMedias } from './common-options.ts';
import { isDataProblem, type SkipReport } from './error-policy.ts';
import { safeFileName, splitFileExtension } from './unique-names.ts';

/** The metrics category and file-log category of copied originals, as Synapse names it. */
export const ORIGINAL_FILE = 'original_file';

/** The entry's original file (media key ""), or undefined when it has none. */
export function originalMediaOf(entry: EntryContext): Promise<MediaContext | undefined> {
  return entry.medias({ key: '' }).first();
}

/**
 * Streams the entry's media into the output directory per `include_medias` (never a whole file
 * in memory): the original to `imagePath` (e.g. `images/train/a.jpg`); with "all", each other
 * rendition to `renditions/<key>/<imagePath with the rendition's extension>`, outside the image
 * folder so training tools do not take renditions for unlabelled images. Returns the bytes written.
 */
export async function copyEntryMedias(
  entry: EntryContext,
  original: MediaContext | undefined,
  io: ExportIo,
  include: IncludeMedias,
  imagePath: string,
): Promise<number> {
  if (include === 'none') return 0;
  let bytes = original ? await original.saveTo(io.resolve(imagePath)) : 0;
  if (include !== 'all') return bytes;
  const [stem] = splitFileExtension(posix.basename(imagePath));
  const folder = posix.dirname(imagePath);
  for await (const media of entry.medias()) {
    if (media.record.key === '') continue;
    const [, extension] = splitFileExtension(media.record.filename);
    bytes += await media.saveTo(io.resolve(`renditions/${safeFileName(media.record.key)}/${folder}/${stem}${extension}`));
  }
  return bytes;
}

/**
 * copyEntryMedias for a whole export, with up to `concurrency` entries' copies in flight: each
 * copy waits mostly on the file system, so overlapping them keeps the export from crawling at
 * one file system round trip per image. Names and paths are decided by the caller in order;
 * only the byte copying overlaps. The first failure is rethrown by the next `copy` or by `finish`;
 * with a `report`, a media the source refuses or cannot read goes to the on_error policy instead
 * (under "skip" the entry is listed as "its media was not copied" and the export goes on).
 */
export class MediaCopier {
  readonly #io: ExportIo;
  readonly #include: IncludeMedias;
  readonly #concurrency: number;
  readonly #files: FileReporter | undefined;
  readonly #report: SkipReport | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;
  #bytes = 0;

  /**
   * `files` (the export context): each original's copy is counted in the `original_file` metrics
   * (stand-by while in flight) and logged with `context.logFile`, success or failed. `report`:
   * a media the source refuses or cannot read goes to its on_error policy.
   */
  constructor(io: ExportIo, include: IncludeMedias, options: { concurrency?: number; files?: FileReporter; report?: SkipReport } = {}) {
    this.#io = io;
    this.#include = include;
    this.#concurrency = options.concurrency ?? 8;
    this.#files = options.files;
    this.#report = options.report;
  }

  /** Starts copying the entry's media to `imagePath`; resolves once there is room for the next. */
  async copy(entry: EntryContext, original: MediaContext | undefined, imagePath: string): Promise<void> {
    this.#throwIfFailed();
    if (this.#include === 'none') return;
    const files = original ? this.#files : undefined;
    const logged = { id: entry.record.id, file: imagePath, category: ORIGINAL_FILE } as const;
    files?.metrics(ORIGINAL_FILE).increment('standBy');
    const running: Promise<void> = copyEntryMedias(entry, original, this.#io, this.#include, imagePath)
      .then(
        async (bytes) => {
          this.#bytes += bytes;
          files?.metrics(ORIGINAL_FILE).markSuccess();
          await files?.logFile({ ...logged, status: 'success' });
        },
        async (error: unknown) => {
          files?.metrics(ORIGINAL_FILE).markFailed();
          await files?.logFile({ ...logged, status: 'failed', error: describeThrown(error) });
          await this.#dataProblem(entry, error);
        },
      )
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
    while (this.#inFlight.size >= this.#concurrency) await Promise.race(this.#inFlight);
    this.#throwIfFailed();
  }

  /** Waits for every copy; returns the bytes written in all. */
  async finish(): Promise<number> {
    await Promise.all(this.#inFlight);
    this.#throwIfFailed();
    return this.#bytes;
  }

  /**
   * Waits for the copies in flight without throwing: call it in a `finally`, so no copy is
   * still writing when the export has failed and the host removes its files.
   */
  async settle(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  /** A refused or unreadable media goes to the policy (which throws under "fail"); anything else is a failure. */
  async #dataProblem(entry: EntryContext, error: unknown): Promise<void> {
    if (!this.#report || !isDataProblem(error)) throw error;
    await this.#report.problem({
      dataset_id: entry.record.dataset_id,
      entry_id: entry.record.id,
      reason: `its media was not copied: ${describeThrown(error)}`,
    });
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
