/**
 * One error family for the whole host. Every error has a stable `code`, and the
 * plugin's name when a plugin is involved, so callers branch on codes, not on text.
 */
export type IdahErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_NOT_FOUND'
  | 'PLUGIN_LOAD_FAILED'
  | 'PLUGIN_INIT_FAILED'
  | 'REGISTRATION_INVALID'
  | 'EXPORTER_NOT_FOUND'
  | 'EXPORTER_AMBIGUOUS'
  | 'OPTIONS_INVALID'
  | 'FILTER_INVALID'
  | 'DATASET_NOT_FOUND'
  | 'MODALITY_MISMATCH'
  | 'IO_MODE_CONFLICT'
  | 'IO_PATH_INVALID'
  | 'IO_MISUSE'
  | 'EXPORT_FAILED'
  | 'EXPORT_THREW'
  | 'EXPORT_TIMEOUT'
  | 'EXPORT_CANCELLED'
  | 'RESCHEDULE_LIMIT'
  | 'SOURCE_INVALID'
  | 'SOURCE_READ_FAILED'
  | 'SOURCE_CHANGED'
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_AUTH_FAILED'
  | 'STORAGE_NOT_FOUND'
  | 'STORAGE_FAILED'
  /** A destination descriptor is malformed (a field named, what was expected and what came). */
  | 'DESTINATION_INVALID'
  /** Delivering a stored file to its destination failed (the file stays stored). */
  | 'DESTINATION_FAILED'
  /** A secret reference (`env:NAME`, `secret:NAME`, `file:/path`) names nothing that exists. */
  | 'SECRET_NOT_FOUND'
  | 'QUERY_INVALID'
  | 'JOB_DUPLICATE'
  | 'JOB_STATE_CONFLICT'
  | 'LEASE_EXPIRED'
  | 'STORE_FAILED'
  | 'USAGE'
  | 'SCAFFOLD_FAILED'
  | 'OUTPUT_NOT_REGULAR'
  | 'PLUGIN_EXITED'
  | 'PLUGIN_CRASHED'
  | 'EXPORT_OUT_OF_MEMORY'
  | 'WORKER_FAILED'
  /** A media the source will not read (outside the media root, special file, private address, too big). */
  | 'MEDIA_REFUSED'
  /** One record of the data is bad (invalid or too deep JSON, a dangling reference, a duplicate id). */
  | 'RECORD_INVALID'
  // The Sync Service's HTTP errors
  | 'REQUEST_INVALID'
  /** A schedule's cron pattern or time zone is not usable. */
  | 'SCHEDULE_INVALID'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'EXPORT_NOT_READY'
  | 'EXPORT_GONE'
  | 'RANGE_NOT_SATISFIABLE'
  | 'SERVICE_UNAVAILABLE';

export interface IdahErrorOptions {
  plugin?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class IdahPluginError extends Error {
  readonly code: IdahErrorCode;
  readonly plugin: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: IdahErrorCode, message: string, options: IdahErrorOptions = {}) {
    super(options.plugin ? `[${options.plugin}] ${message}` : message, { cause: options.cause });
    this.name = 'IdahPluginError';
    this.code = code;
    this.plugin = options.plugin;
    this.details = options.details;
  }
}

export function isIdahPluginError(value: unknown, code?: IdahErrorCode): value is IdahPluginError {
  // Checked by shape, not instanceof: a plugin may reach us through another copy of this module.
  const candidate = value as { name?: unknown; code?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.name === 'IdahPluginError' &&
    typeof candidate.code === 'string' &&
    (code === undefined || candidate.code === code)
  );
}

/** Turns anything thrown (an Error or not) into one readable line. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) {
    const text = thrown.message.trim();
    if (!text) return thrown.name || 'Error';
    return thrown.name && thrown.name !== 'Error' && thrown.name !== 'IdahPluginError'
      ? `${thrown.name}: ${text}`
      : text;
  }
  if (typeof thrown === 'string') return thrown.trim() || 'empty error message';
  if (thrown === undefined) return 'the export threw undefined (no error value)';
  if (thrown === null) return 'the export threw null (no error value)';
  if (typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim()) return message.trim();
    try {
      return `the export threw a non-Error value: ${JSON.stringify(thrown)}`;
    } catch {
      return `the export threw a non-Error value: ${Object.prototype.toString.call(thrown)}`;
    }
  }
  return `the export threw a non-Error value: ${String(thrown)}`;
}
