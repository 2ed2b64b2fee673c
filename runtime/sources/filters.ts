import { IdahPluginError } from '../errors.ts';
import type { AnnotationRecord, EntryRecord, MediaRecord } from '../records.ts';

/**
 * Filters an exporter passes to `dataset.entries(filter)`, `entry.annotations(filter)` and
 * `entry.medias(filter)`. They are validated here once, then pushed down to the data source.
 * `__match` is a case-insensitive regular expression matched anywhere in the value.
 */
export interface EntryFilter {
  status?: string;
  status__in?: string[];
  name__match?: string;
  resource__match?: string;
  priority__in?: number[];
  wf_step__in?: string[];
  /**
   * Entries changed after this time: the entry's own `updated_at`, or any of its annotations'
   * (an incremental export's watermark). An entry or annotation without `updated_at` counts as
   * unchanged.
   */
  updated_since?: string;
}

/** `type` accepts `polygon` or `idah-image:polygon`; `bounding_box` is read as `bounding-box`. */
export interface AnnotationFilter {
  type?: string;
  category?: string;
  updated_at__gt?: string;
}

export interface MediaFilter {
  key?: string;
  mime_type?: string;
}

type FieldKind = 'string' | 'string[]' | 'number[]' | 'regex' | 'timestamp';

const ENTRY_FIELDS: Record<keyof EntryFilter, FieldKind> = {
  status: 'string',
  status__in: 'string[]',
  name__match: 'regex',
  resource__match: 'regex',
  priority__in: 'number[]',
  wf_step__in: 'string[]',
  updated_since: 'timestamp',
};
const ANNOTATION_FIELDS: Record<keyof AnnotationFilter, FieldKind> = {
  type: 'string',
  category: 'string',
  updated_at__gt: 'timestamp',
};
const MEDIA_FIELDS: Record<keyof MediaFilter, FieldKind> = {
  key: 'string',
  mime_type: 'string',
};

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
}

function parseFilter<F extends object>(
  what: string,
  fields: Record<string, FieldKind>,
  input: unknown,
): F {
  if (input === undefined || input === null) return {} as F;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new IdahPluginError('FILTER_INVALID', `${what} filter: expected an object, got ${describeValue(input)}`);
  }
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const kind = fields[key];
    if (!kind) {
      throw new IdahPluginError(
        'FILTER_INVALID',
        `${what} filter: unknown key "${key}"; expected one of ${Object.keys(fields).join(', ')}`,
      );
    }
    if (value === undefined) continue;
    parsed[key] = parseField(what, key, kind, value);
  }
  return parsed as F;
}

/** A module function, not a closure made per call: filters are parsed per entry (`entry.medias({ key: '' })`). */
function failField(what: string, key: string, value: unknown, expected: string): never {
  throw new IdahPluginError('FILTER_INVALID', `${what} filter "${key}": expected ${expected}, got ${describeValue(value)}`);
}

function parseField(what: string, key: string, kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : failField(what, key, value, 'a string');
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value
        : failField(what, key, value, 'an array of strings');
    case 'number[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))
        ? value
        : failField(what, key, value, 'an array of numbers');
    case 'regex':
      if (typeof value !== 'string') return failField(what, key, value, 'a regular expression string');
      try {
        new RegExp(value, 'i');
      } catch (error) {
        return failField(what, key, value, `a valid regular expression (${(error as Error).message})`);
      }
      return value;
    case 'timestamp': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) return failField(what, key, value, 'an ISO 8601 timestamp or a Date');
      return date.toISOString();
    }
  }
}

export const parseEntryFilter = (input: unknown): EntryFilter =>
  parseFilter<EntryFilter>('entries', ENTRY_FIELDS, input);
export const parseAnnotationFilter = (input: unknown): AnnotationFilter => {
  const filter = parseFilter<AnnotationFilter>('annotations', ANNOTATION_FIELDS, input);
  if (filter.type !== undefined) filter.type = filter.type.replaceAll('_', '-');
  return filter;
};
export const parseMediaFilter = (input: unknown): MediaFilter =>
  parseFilter<MediaFilter>('medias', MEDIA_FIELDS, input);

/** A shape type filter either names the full type or only the shape after the plugin prefix. */
export function shapeTypeMatches(recordType: string, wanted: string): boolean {
  return wanted.includes(':') ? recordType === wanted : recordType === wanted || recordType.endsWith(`:${wanted}`);
}

const matchesRegex = (value: string | null | undefined, pattern: string): boolean =>
  value != null && new RegExp(pattern, 'i').test(value);

/** Reference predicates: the in-memory source uses them, other sources must agree with them. */
export function entryMatches(record: EntryRecord, filter: EntryFilter): boolean {
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.status__in && !filter.status__in.includes(record.status ?? '')) return false;
  if (filter.name__match !== undefined && !matchesRegex(record.name, filter.name__match)) return false;
  if (filter.resource__match !== undefined && !matchesRegex(record.resource, filter.resource__match)) return false;
  if (filter.priority__in && !filter.priority__in.includes(record.priority ?? Number.NaN)) return false;
  if (filter.wf_step__in && !filter.wf_step__in.includes(record.wf_step ?? '')) return false;
  return true;
}

const isAfter = (time: string | null | undefined, since: string): boolean => {
  const value = time ? Date.parse(time) : Number.NaN;
  return value > Date.parse(since);
};

/**
 * `updated_since` needs the entry's annotations, which the entry record does not carry:
 * sources call this with them (entryMatches checks every other key).
 */
export function entryChangedSince(record: EntryRecord, annotations: readonly AnnotationRecord[], since: string): boolean {
  return isAfter(record.updated_at, since) || annotations.some((annotation) => isAfter(annotation.updated_at, since));
}

export function annotationMatches(record: AnnotationRecord, filter: AnnotationFilter): boolean {
  if (filter.type !== undefined && !shapeTypeMatches(record.dimensions.type, filter.type)) return false;
  if (filter.category !== undefined && record.annotation.category !== filter.category) return false;
  if (filter.updated_at__gt !== undefined) {
    const updated = record.updated_at ? Date.parse(record.updated_at) : Number.NaN;
    if (!(updated > Date.parse(filter.updated_at__gt))) return false;
  }
  return true;
}

export function mediaMatches(record: MediaRecord, filter: MediaFilter): boolean {
  if (filter.key !== undefined && record.key !== filter.key) return false;
  if (filter.mime_type !== undefined && record.mime_type !== filter.mime_type) return false;
  return true;
}

/** The entry filter keys, for callers that validate or describe filters (e.g. `export --where`). */
export const ENTRY_FILTER_KEYS = Object.keys(ENTRY_FIELDS) as Array<keyof EntryFilter>;

const intersect = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a && b ? a.filter((value) => b.includes(value)) : (a ?? b)?.slice();

/**
 * Both filters at once (an entry must match each): `pushed` is one filter a source applies;
 * `residual` holds what one filter cannot say (a second, different `__match` pattern), to be
 * checked with `entryMatches` on what the source returns; `empty` when no entry can match both.
 */
export function mergeEntryFilters(a: EntryFilter, b: EntryFilter): { pushed: EntryFilter; residual?: EntryFilter; empty: boolean } {
  const pushed: EntryFilter = { ...a, ...b };
  const residual: EntryFilter = {};
  let empty = false;
  if (a.status !== undefined && b.status !== undefined && a.status !== b.status) empty = true;
  for (const key of ['status__in', 'priority__in', 'wf_step__in'] as const) {
    const both = intersect<string | number>(a[key], b[key]);
    if (both !== undefined) (pushed as Record<string, unknown>)[key] = both;
  }
  for (const key of ['name__match', 'resource__match'] as const) {
    if (a[key] === undefined || b[key] === undefined || a[key] === b[key]) continue;
    pushed[key] = a[key];
    residual[key] = b[key];
  }
  return { pushed, ...(Object.keys(residual).length > 0 ? { residual } : {}), empty };
}
