import type { DataSource } from '../sources/data-source.ts';
import { invalidityOf } from '../sources/invalid-record.ts';
import { type EntryFilter, parseEntryFilter } from '../sources/filters.ts';
import type { DatasetRecord } from '../records.ts';
import { BatchLoader } from './batch-loader.ts';
import { EntryContext } from './entry-context.ts';
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

  async *#iterate(filter: EntryFilter): AsyncGenerator<EntryContext> {
    const { source, signal, progress, batchSize } = this.#read;
    signal.throwIfAborted();
    const total = await source.countEntries(this.record.id, filter);
    let done = 0;
    const invalidRecord = this.#read.invalidRecord ?? throwInvalid;
    for await (const batch of source.entryBatches(this.record.id, filter, { batchSize })) {
      signal.throwIfAborted();
      const loader = new BatchLoader(source, batch.filter((record) => !invalidityOf(record)));
      for (const record of batch) {
        const invalid = invalidityOf(record);
        if (invalid) await invalidRecord(invalid, { dataset_id: this.record.id, entry_id: record.id });
        else yield new EntryContext(record, loader, source, invalidRecord);
        done += 1;
        progress.countEntryRead();
        progress.advanceDataset(this.record.id, total > 0 ? done / total : 1);
      }
    }
    progress.advanceDataset(this.record.id, 1);
  }
}
