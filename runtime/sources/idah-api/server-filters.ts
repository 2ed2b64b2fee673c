import type { AnnotationFilter, EntryFilter, MediaFilter } from '../filters.ts';
import type { QueryValue } from './query-string.ts';

/**
 * What IDAH can filter, as its query parameters. Each mapping narrows to a superset of what the
 * filter means (usually the same set), and the source applies the full filter to every record
 * afterwards: IDAH drops unknown filter keys silently, so nothing may rely on the server alone.
 * `none` says no record can match (an empty `__in`), so no request is needed.
 */
export interface ServerFilter {
  params: Record<string, QueryValue>;
  none: boolean;
}

/**
 * IDAH's `__match` is `ILIKE %value%`. A JS regular expression (`i`) means the same only when it
 * is a literal of ASCII characters without regex syntax; anything else is matched here alone.
 */
const LITERAL_PATTERN = /^[A-Za-z0-9 _\-,:;@/#%'"=<>!~&`]+$/;
export const isPlainLiteral = (pattern: string): boolean => LITERAL_PATTERN.test(pattern);

/** `filter[dataset_id]`, `status` (a record field), `status__in`, `priority__in`, `wf_step__in`, and literal `name__match`/`resource__match`. */
export function entryServerFilter(datasetId: string, filter: EntryFilter): ServerFilter {
  const params: Record<string, QueryValue> = { dataset_id: datasetId };
  let none = false;
  if (filter.status !== undefined) params.status = filter.status;
  for (const key of ['status__in', 'priority__in', 'wf_step__in'] as const) {
    const values = filter[key];
    if (values === undefined) continue;
    if (values.length === 0) none = true;
    else params[key] = values;
  }
  for (const key of ['name__match', 'resource__match'] as const) {
    const pattern = filter[key];
    if (pattern !== undefined && isPlainLiteral(pattern)) params[key] = pattern;
  }
  return { params, none };
}

/** Whether an entry filter narrows beyond the dataset on the server (then the dataset's counters are no total). */
export const narrowsOnServer = (server: ServerFilter): boolean => Object.keys(server.params).some((key) => key !== 'dataset_id');

/** `updated_at__gt` is the one filter annotations allow; `type` (in `dimensions`) and `category` (in `annotation`) are matched here. */
export function annotationServerFilter(entryIds: readonly string[], filter: AnnotationFilter): ServerFilter {
  const params: Record<string, QueryValue> = { entry_id: entryIds };
  if (filter.updated_at__gt !== undefined) params.updated_at__gt = filter.updated_at__gt;
  return { params, none: entryIds.length === 0 };
}

/** `key` and `mime_type` are record fields of medias, so IDAH filters them (`key: ""` is the original). */
export function mediaServerFilter(resources: readonly string[], filter: MediaFilter): ServerFilter {
  const params: Record<string, QueryValue> = { resource: resources };
  if (filter.key !== undefined) params.key = filter.key;
  if (filter.mime_type !== undefined) params.mime_type = filter.mime_type;
  return { params, none: resources.length === 0 };
}
