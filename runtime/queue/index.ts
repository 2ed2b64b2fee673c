// What the Sync Service (serve, worker, doctor) uses of the job store and queue.
// Not part of the plugin authors' surface (runtime/index.ts).

export * from './job-store.ts';
export { retryDelayMs, DEFAULT_RETRY_POLICY } from './backoff.ts';
export { ChangeFeed } from './change-feed.ts';
export { openJobStore, sqlitePathIn, type JobStoreLocation } from './open-job-store.ts';
export { MAX_PAGE_SIZE, JOB_LIST, EXPORT_LIST, type ListSpec, type FieldKind } from './sql/list-query.ts';
