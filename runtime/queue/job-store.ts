import type { JobStatus } from '../jobs/job-record.ts';
import type { JsonObject, JsonValue } from '../records.ts';
import type { Destination } from '../destinations/destination-schema.ts';
import type { ScheduleStore } from '../schedules/schedule-store.ts';
import type { SourceDescriptor } from '../sources/source-descriptor.ts';

/**
 * The persistent job store and queue of the Sync Service: IDAH's `jobs` and `exports` tables
 * plus a lease, behind one interface with two drivers (SQLite embedded, PostgreSQL to scale
 * out). Times are ISO 8601 strings in UTC; sizes are JS numbers (exact up to 2^53, stored as
 * 64-bit integers).
 *
 * Delivery is at-least-once (a job whose lease expires runs again), publishing is exactly once:
 * `complete` flips the job and records its file in one transaction fenced by the lease token.
 */
export type { JobStatus };

/** What a job of class `export` runs: everything a worker needs, as plain data, no secrets. */
export interface ExportJobArguments {
  exporter: string;
  dataset_ids: string[] | 'all';
  options: JsonValue;
  source: SourceDescriptor;
  /** The export row this job fills (IDAH's branch adds it too). */
  export_id: string;
  /** Hard limit on one attempt's wall time; none when absent. */
  timeout_ms?: number;
  /**
   * Where the published file is delivered (checked with `parseDestination`; secrets only as
   * references). The store copies it onto the export row, which tracks the delivery.
   */
  destination?: Destination;
}

/**
 * Record fields without a column of their own, kept as JSON: `skipped`, `skipped_total`,
 * `entries_read`, `entries_total`, and whatever a job record gains later (steps, metrics).
 */
export type JobDetails = JsonObject;

/** A row of `jobs`: IDAH's columns first, then the queue's. */
export interface JobRow {
  id: string;
  job_class: string;
  arguments: ExportJobArguments;
  /** Higher runs first (IDAH: `ORDER BY priority DESC`). */
  priority: number;
  status: JobStatus;
  progress: number;
  /** Times the job rescheduled itself (`context.reschedule()`), as the runtime counts it. */
  retry_count: number;
  error: string | null;
  error_code: string | null;
  /** When set, at most one pending or running job has it (in-flight dedupe). */
  unicity: string | null;
  scheduled_at: string;
  created_at: string;
  updated_at: string;
  /** The exporter id, copied out of `arguments` so it can be filtered on. */
  exporter: string;
  /** Attempts used (claims that ended in failure, a lost lease, or are running now). */
  attempt: number;
  max_attempts: number;
  lease_token: string | null;
  lease_until: string | null;
  /** The worker holding the lease. */
  locked_by: string | null;
  heartbeat_at: string | null;
  cancel_requested_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  /** Log lines dropped past the per-job bound. */
  logs_truncated: number;
  details: JobDetails;
  /** The schedule that created the job, and the slot (a time) it runs; null for one-off jobs. */
  schedule_id: string | null;
  schedule_slot: string | null;
}

/** `active` until the file is removed: by retention (`expired`) or on request (`deleted`). */
export type ExportStatus = 'active' | 'expired' | 'deleted';

/** Where an output goes besides storage; secrets only as references. */
export type ExportDestination = Destination;

/**
 * An export's delivery: `none` (no destination, or the job wrote no file), `pending` (waiting for
 * the file or for its next attempt), `delivering`, `delivered`, `failed` (out of attempts or a
 * failure no retry can fix; the stored file stays downloadable).
 */
export type DestinationStatus = 'none' | 'pending' | 'delivering' | 'delivered' | 'failed';

/** A row of `exports`: IDAH's columns (`size` 64-bit), then ours. */
export interface ExportRow {
  /** IDAH's bigserial, as a string (JSON:API ids are strings). */
  id: string;
  job_id: string;
  project_id: string | null;
  created_by_id: string | null;
  /** The storage key of the published file; null until the job completes. */
  file_id: string | null;
  filename: string | null;
  mime_type: string | null;
  size: number;
  created_at: string;
  updated_at: string;
  /** The job's exporter id, copied here so exports can be filtered on it. */
  exporter: string;
  /** The stored object's strong validator, for HTTP `ETag`. */
  etag: string | null;
  status: ExportStatus;
  expires_at: string | null;
  deleted_at: string | null;
  destination: ExportDestination | null;
  destination_status: DestinationStatus;
  /** The last attempt's error (kept while a later attempt is pending). */
  destination_error: string | null;
  destination_attempts: number;
  destination_max_attempts: number;
  /** When the next delivery attempt may start (pending). */
  destination_next_at: string | null;
  destination_lease_until: string | null;
  destination_locked_by: string | null;
  delivered_at: string | null;
  /** Where the file went (a path, an s3:// URL, the request made). */
  delivered_to: string | null;
  /** The schedule and slot of the job that fills it; null for one-off exports. */
  schedule_id: string | null;
  schedule_slot: string | null;
  /** Incremental: only entries changed after this time were exported; null for a full export. */
  since: string | null;
  /** When the export's job started: the `since` of the next incremental run; set on completion. */
  watermark: string | null;
}

export interface EnqueueExportInput {
  arguments: Omit<ExportJobArguments, 'export_id'>;
  project_id?: string | null;
  created_by_id?: string | null;
  priority?: number;
  /** Default 3. */
  max_attempts?: number;
  /** Default now. */
  scheduled_at?: string;
  /** Dedupe: a second pending/running job with the same value is refused (`JOB_DUPLICATE`). */
  unicity?: string | null;
  expires_at?: string | null;
  /** Same as `arguments.destination` (either may carry it). */
  destination?: ExportDestination | null;
  /** Incremental: the watermark this export reads from (also in `arguments.source.updated_since`). */
  since?: string | null;
}

/** Proof of a delivery claim: its writes are fenced by the token. */
export interface DeliveryClaim {
  export: ExportRow;
  token: string;
  worker_id: string;
  /** This attempt's number (1-based). */
  attempt: number;
}

export type DeliveryOutcome =
  | { delivered: true; location: string }
  | { delivered: false; error: string; retryable: boolean; retryAfterMs?: number };

/** Proof of a claim: every write of a running job is fenced by its token. */
export interface Lease {
  job_id: string;
  token: string;
  worker_id: string;
  /** The attempt this claim is (1-based); staging folders and storage keys carry it. */
  attempt: number;
  until: string;
}

export interface ClaimedJob {
  job: JobRow;
  /** The export the job fills; null only if it was removed under the job. */
  export: ExportRow | null;
  lease: Lease;
}

export interface ClaimOptions {
  workerId: string;
  /** How many jobs at most (the worker's free slots). */
  limit: number;
  leaseMs: number;
}

export interface HeartbeatUpdate {
  progress?: number;
  /** Merged (shallow) into `details`. */
  details?: JobDetails;
}

export type HeartbeatResult =
  /** The lease is renewed; abort the run if `cancelRequested`. */
  | { lost: false; cancelRequested: boolean; until: string }
  /** Another worker owns the job now, or it left `running`: abort and publish nothing. */
  | { lost: true; cancelRequested: false };

export interface PublishedFile {
  key: string;
  filename: string;
  mime_type: string;
  size: number;
  etag: string;
}

export interface CompleteInput {
  /** Null when the export wrote no file. */
  file: PublishedFile | null;
  details?: JobDetails;
}

export interface FailInput {
  error: string;
  error_code: string;
  details?: JobDetails;
  /** Force no retry (the codes in NOT_RETRIED_CODES are never retried anyway). */
  retryable?: boolean;
}

export type FailOutcome =
  | { status: 'pending'; scheduled_at: string }
  | { status: 'errored' };

export interface RescheduleInput {
  scheduled_at: string;
  details?: JobDetails;
}

/** A lease the sweeper took back: what the lost attempt may have left behind. */
export interface ExpiredLease {
  job_id: string;
  export_id: string | null;
  token: string;
  worker_id: string | null;
  attempt: number;
  /** What the job became: pending again, errored (`LEASE_EXPIRED`) out of attempts, or cancelled if asked. */
  status: 'pending' | 'errored' | 'cancelled';
}

/** One page of a list, with the total count of matching rows (not capped). */
export interface Page<T> {
  items: T[];
  total: number;
  page: { number: number; size: number };
}

/**
 * Filters, sort and page of a list, as the HTTP layer passes them through.
 * - `filter`: `field` (eq, or IN for an array), `field__in` (array or comma list),
 *   `field__gte/__lte/__gt/__lt` on times and numbers. Jobs: id, status, job_class, exporter,
 *   priority, retry_count, unicity, schedule_id, scheduled_at, created_at, updated_at. Exports: id, job_id,
 *   project_id, created_by_id, exporter, status, filename, mime_type, schedule_id, size, created_at,
 *   updated_at, expires_at. Unknown keys are rejected (`QUERY_INVALID`), never dropped.
 * - `sort`: a comma list of created_at, updated_at, status (and id, priority for jobs; size for
 *   exports), `-` for descending. Default `created_at`, then id.
 * - `page`: number >= 1 (default 1), size 1..1000 (default 1000, as IDAH).
 */
export interface ListQuery {
  filter?: Record<string, unknown>;
  sort?: string;
  page?: { number?: number; size?: number };
}

export type JobLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface JobLogInput {
  level: JobLogLevel;
  message: string;
  /** Defaults to now. */
  at?: string;
  /** A file the line is about (Synapse's export_original_file/export_data_file events). */
  file?: JsonObject | null;
}

export interface JobLogRow {
  job_id: string;
  /** 1, 2, 3... per job, in append order. */
  seq: number;
  at: string;
  level: JobLogLevel;
  message: string;
  file: JsonObject | null;
}

export interface JobLogPage {
  lines: JobLogRow[];
  /** Lines dropped past the per-job bound. */
  truncated: number;
  /** Pass as `after` to read on. */
  next_after: number;
}

/** A change, as the SSE feed sends it. */
export type JobStoreEvent =
  | { kind: 'job'; job: JobRow }
  | { kind: 'export'; export: ExportRow }
  | { kind: 'log'; job_id: string; lines: JobLogRow[] };

export interface SubscribeOptions {
  /**
   * How often to poll `updated_at` for changes made by other processes (default 1000 ms);
   * 0 for this process's changes only.
   */
  pollMs?: number;
}

export interface RetryPolicy {
  /** First retry delay before jitter (default 5000 ms); doubles each attempt. */
  baseMs: number;
  /** Ceiling of one delay (default 10 minutes). */
  capMs: number;
}

export interface JobStoreOptions {
  retry?: Partial<RetryPolicy>;
  /** Pauses between delivery attempts (default 5 s doubling, at most 10 minutes). */
  deliveryRetry?: Partial<RetryPolicy>;
  /** Reschedules allowed before the job ends errored `RESCHEDULE_LIMIT` (default 5). */
  maxReschedules?: number;
  /** Log lines kept per job (default 10,000); past it they are counted, not stored. */
  maxLogsPerJob?: number;
}

/**
 * Error codes a retry cannot fix: the export said so (`context.error()`), or its input is
 * wrong. Every other failure is retried with backoff until `max_attempts`.
 */
export const NOT_RETRIED_CODES: ReadonlySet<string> = new Set([
  'EXPORT_FAILED',
  'OPTIONS_INVALID',
  'MODALITY_MISMATCH',
  'EXPORTER_NOT_FOUND',
  'EXPORTER_AMBIGUOUS',
  'FILTER_INVALID',
  'DATASET_NOT_FOUND',
  'RESCHEDULE_LIMIT',
]);

export interface JobStore {
  readonly driver: 'sqlite' | 'postgres';
  /** Where the store is (a file path, a database without its password), for messages. */
  readonly description: string;

  /** Creates the tables if absent (idempotent, safe from several processes at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Reachable and migrated? For `GET /healthcheck` and `doctor`. */
  check(): Promise<{ ok: boolean; detail: string }>;

  // --- Producing -------------------------------------------------------------------------

  /**
   * Creates the export row and its `pending` job in one transaction. Rejects with
   * `JOB_DUPLICATE` (details `{ job_id, export_id }`) when `unicity` is taken by a job in flight.
   */
  enqueueExport(input: EnqueueExportInput): Promise<{ export: ExportRow; job: JobRow }>;

  // --- Running (workers) -------------------------------------------------------------------

  /** Takes up to `limit` due pending jobs, highest priority first, then oldest `scheduled_at`. */
  claim(options: ClaimOptions): Promise<ClaimedJob[]>;
  /** Renews the lease and records progress; fenced by the token. */
  heartbeat(lease: Lease, leaseMs: number, update?: HeartbeatUpdate): Promise<HeartbeatResult>;
  /**
   * The commit point: job `completed` and the export's file recorded, in one transaction,
   * only while `lease` holds. False when the lease was lost: the caller deletes what it stored.
   */
  complete(lease: Lease, input: CompleteInput): Promise<boolean>;
  /**
   * A failed attempt: back to `pending` after an exponential backoff with jitter, or `errored`
   * when not retryable or out of attempts. Null when the lease was lost.
   */
  fail(lease: Lease, input: FailInput): Promise<FailOutcome | null>;
  /**
   * The export asked to run later: `pending` at `scheduled_at`, `retry_count + 1`, the attempt
   * given back; `errored` (`RESCHEDULE_LIMIT`) past the bound. Null when the lease was lost.
   */
  reschedule(lease: Lease, input: RescheduleInput): Promise<FailOutcome | null>;
  /** A run stopped after a cancel request: the job ends `cancelled`. False when the lease was lost. */
  finishCancelled(lease: Lease, details?: JobDetails): Promise<boolean>;
  /** Hands the job back untouched (a draining worker): `pending` now, the attempt given back. */
  release(lease: Lease): Promise<boolean>;
  /** Any worker: running jobs whose lease expired go back to pending (or errored, out of attempts). */
  requeueExpired(): Promise<ExpiredLease[]>;

  // --- Delivering (workers) -------------------------------------------------------------------

  /**
   * Takes up to `limit` due deliveries: published files whose destination is pending and due, or
   * whose deliverer's lease expired with attempts left (one that ran out of attempts ends failed).
   */
  claimDeliveries(options: ClaimOptions): Promise<DeliveryClaim[]>;
  /** Extends a delivery's lease while a long upload runs; false when it was lost. */
  renewDelivery(claim: DeliveryClaim, leaseMs: number): Promise<boolean>;
  /**
   * Records an attempt: `delivered`; or `pending` again after a backoff (longer if the receiver
   * asked), or `failed` when not retryable or out of attempts. Null when the lease was lost.
   */
  finishDelivery(claim: DeliveryClaim, outcome: DeliveryOutcome): Promise<ExportRow | null>;
  /** Hands a delivery back untouched (a stopping worker): pending now, the attempt given back. */
  releaseDelivery(claim: DeliveryClaim): Promise<boolean>;
  /**
   * Delivers again a `failed` or `delivered` export: pending now, attempts from zero. Rejects with
   * `JOB_STATE_CONFLICT` when it has no destination, no file, or is already pending or delivering.
   */
  redeliver(exportId: string): Promise<ExportRow | null>;

  // --- Managing (HTTP) ---------------------------------------------------------------------

  /**
   * A pending job ends `cancelled` at once; a running one gets `cancel_requested_at` and its
   * worker aborts it at the next heartbeat. A finished job is returned unchanged. Null if absent.
   */
  cancel(jobId: string): Promise<JobRow | null>;
  /**
   * An errored or cancelled job runs again: `pending` now, attempts and error cleared.
   * Rejects with `JOB_STATE_CONFLICT` for a job that is pending, running or completed.
   */
  retry(jobId: string): Promise<JobRow | null>;
  /**
   * Removes a finished job, its logs, and marks its exports `deleted`; returns the storage keys
   * to delete. Rejects with `JOB_STATE_CONFLICT` while pending or running (cancel first).
   */
  deleteJob(jobId: string): Promise<{ deleted: boolean; storageKeys: string[] }>;
  /**
   * Marks the export `deleted` (its job is cancelled if still in flight); returns the storage
   * key to delete. Null if absent.
   */
  deleteExport(exportId: string): Promise<{ export: ExportRow; storageKey: string | null } | null>;
  /** Marks `active` exports created before `before` (or past `expires_at`) `expired`; returns their keys. */
  expireExports(before: string): Promise<Array<{ export_id: string; storageKey: string }>>;

  getJob(jobId: string): Promise<JobRow | null>;
  getExport(exportId: string): Promise<ExportRow | null>;
  /** The exports of these jobs (for `included[]=exports`). */
  exportsOfJobs(jobIds: string[]): Promise<ExportRow[]>;
  listJobs(query?: ListQuery): Promise<Page<JobRow>>;
  listExports(query?: ListQuery): Promise<Page<ExportRow>>;

  // --- Schedules ---------------------------------------------------------------------------

  /** The `schedules` table and the one job per slot it creates (runtime/schedules). */
  readonly schedules: ScheduleStore;

  // --- Logs --------------------------------------------------------------------------------

  /** Appends lines in order; past the per-job bound they are counted in `logs_truncated`. */
  appendLogs(jobId: string, lines: JobLogInput[]): Promise<void>;
  /** Lines with `seq > after` (default 0), at most `limit` (default 1000). */
  readLogs(jobId: string, options?: { after?: number; limit?: number }): Promise<JobLogPage>;

  // --- Change feed -------------------------------------------------------------------------

  /**
   * Calls `listener` for every change: at once for changes this store object made, and by
   * polling `updated_at` for changes other processes made. Returns the unsubscribe function.
   */
  subscribe(listener: (event: JobStoreEvent) => void, options?: SubscribeOptions): () => void;
}
