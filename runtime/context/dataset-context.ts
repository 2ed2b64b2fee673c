import type { DataSource } from '../sources/data-source.ts';
import { invalidityOf } from '../sources/invalid-record.ts';
import { type EntryFilter, parseEntryFilter } from '../sources/filters.ts';
import type { DatasetRecord } from '../records.ts';
import { BatchLoader, ReadAhead } from './batch-loader.ts';
import { EntryContext } from './entry-context.ts';
import { EventLoopTurns } from './event-loop-turns.ts';
import { type InvalidRecordHandler, throwInvalid } from './invalid-records.ts';
import type { ProgressTracker } from './progress.ts';
import { Query } from './query.ts';

/** What a dataset context reads with; shared by every dataset of one export. */
export interface ReadEnvironment {
  source: DataSource;
  signal: AbortSignal;
  progress: ProgressTracker;
  batchSize: number;
  /** Set by the export context; without it, a bad record's error is thrown. */
  invalidRecord?: InvalidRecordHandler;
}


export class DatasetContext {
  readonly record: DatasetRecord;
  readonly #read: ReadEnvironment;

  constructor(record: DatasetRecord, read: ReadEnvironment) {
    this.record = record;
    this.#read = read;
  }

  get id(): string {
    return this.record.id;
  }

  /**
   * The dataset's entries, streamed in batches. Filters: `status`, `status__in`, `name__match`,
   * `resource__match`, `priority__in`, `wf_step__in`. Iterating advances the job's progress.
   */
  entries(filter?: Record<string, unknown>): Query<EntryContext> {
    const parsed = parseEntryFilter(filter);
    return new Query(
      () => this.#iterate(parsed),
      () => this.#read.source.countEntries(this.record.id, parsed),
    );
  }

  /**
   * Batches are read one ahead: while the exporter works on a batch, the next batch's entries,
   * then its annotations and medias (with the filters asked so far), are read. Never more than
   * one batch ahead, so memory stays at two batches. While that read is under way the event loop
   * is let turn every few milliseconds (EventLoopTurns), so each of its steps starts on time.
   */
  async *#iterate(filter: EntryFilter): AsyncGenerator<EntryContext> {
    const { source, signal, progress, batchSize } = this.#read;
    signal.throwIfAborted();
    const total = await source.countEntries(this.record.id, filter);
    let done = 0;
    const invalidRecord = this.#read.invalidRecord ?? throwInvalid;
    const readAhead = new ReadAhead();
    const batches = source.entryBatches(this.record.id, filter, { batchSize })[Symbol.asyncIterator]();
    // The batch read ahead: undefined while its entries are read, null once there is none.
    let ahead: BatchLoader | null | undefined;
    const nextBatch = () => {
      ahead = undefined;
      const reading = batches.next().then((next) => {
        if (next.done) {
          ahead = null;
          return undefined;
        }
        const loader = new BatchLoader(source, next.value.filter((record) => !invalidityOf(record)), readAhead);
        readAhead.next = loader;
        loader.readAhead();
        ahead = loader;
        return { records: next.value, loader };
      });
      // Awaited below, where a failure is thrown; here it only ends the turns.
      reading.catch(() => {
        ahead = null;
      });
      return reading;
    };
    const turns = new EventLoopTurns();
    let finished = false;
    try {
      let reading = nextBatch();
      for (;;) {
        const batch = await reading;
        if (!batch) break;
        signal.throwIfAborted();
        if (readAhead.next === batch.loader) readAhead.next = undefined;
        reading = nextBatch();
        for (const record of batch.records) {
          const invalid = invalidityOf(record);
          if (invalid) await invalidRecord(invalid, { dataset_id: this.record.id, entry_id: record.id });
          else yield new EntryContext(record, batch.loader, source, invalidRecord);
          if (ahead === undefined || ahead?.reading) {
            const turn = turns.due();
            if (turn) await turn;
          }
          done += 1;
          progress.countEntryRead();
          progress.advanceDataset(this.record.id, total > 0 ? done / total : 1);
        }
      }
      finished = true;
    } finally {
      if (!finished) await batches.return?.(undefined);
    }
    progress.advanceDataset(this.record.id, 1);
  }
}
