import type { IdahPluginError } from '../errors.ts';

/** Where a bad record sits, for the skipped item that reports it. */
export interface RecordWhere {
  dataset_id?: string;
  entry_id?: string;
  annotation_id?: string;
}

/** What happens to a bad record the source handed out as a stand-in: skipped and reported, or a thrown failure. */
export type InvalidRecordHandler = (error: IdahPluginError, where: RecordWhere) => Promise<void>;

/** Without a policy, a bad record's error is thrown where the exporter reads it. */
export const throwInvalid: InvalidRecordHandler = (error) => Promise.reject(error);
