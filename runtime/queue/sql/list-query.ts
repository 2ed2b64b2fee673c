import { IdahPluginError } from '../../errors.ts';
import type { ListQuery } from '../job-store.ts';

export type FieldKind = 'text' | 'number' | 'time';

export interface ListSpec {
  resource: 'jobs' | 'exports' | 'schedules';
  /** Filterable columns and how their values are read. */
  filters: Record<string, FieldKind>;
  /** Sortable columns. */
  sorts: readonly string[];
}

export const JOB_LIST: ListSpec = {
  resource: 'jobs',
  filters: {
    id: 'text',
    status: 'text',
    job_class: 'text',
    exporter: 'text',
    unicity: 'text',
    schedule_id: 'text',
    priority: 'number',
    retry_count: 'number',
    scheduled_at: 'time',
    created_at: 'time',
    updated_at: 'time',
  },
  sorts: ['created_at', 'updated_at', 'status', 'id', 'priority', 'scheduled_at'],
};

export const EXPORT_LIST: ListSpec = {
  resource: 'exports',
  filters: {
    // A bigserial: its string form on the wire, a number in the query.
    id: 'number',
    job_id: 'text',
    project_id: 'text',
    created_by_id: 'text',
    exporter: 'text',
    status: 'text',
    filename: 'text',
    mime_type: 'text',
    schedule_id: 'text',
    size: 'number',
    created_at: 'time',
    updated_at: 'time',
    expires_at: 'time',
    destination_status: 'text',
    delivered_at: 'time',
  },
  sorts: ['created_at', 'updated_at', 'status', 'id', 'size'],
};

const RANGE_OPERATORS: Record<string, string> = { gte: '>=', lte: '<=', gt: '>', lt: '<' };
export const MAX_PAGE_SIZE = 1000;

export interface CompiledList {
  where: string;
  params: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
  page: { number: number; size: number };
}

/** `filter`, `sort` and `page` into SQL parts; anything unknown or malformed is a `QUERY_INVALID` error naming it. */
export function compileList(spec: ListSpec, query: ListQuery = {}): CompiledList {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const unknown: string[] = [];
  for (const [key, raw] of Object.entries(query.filter ?? {})) {
    const [field = '', operator, ...rest] = key.split('__');
    const kind = spec.filters[field];
    if (!kind || rest.length > 0 || (operator !== undefined && !isOperatorAllowed(operator, kind))) {
      unknown.push(key);
      continue;
    }
    if (operator === undefined || operator === 'eq' || operator === 'in') {
      const values = operator === 'in' ? listOf(raw) : Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) {
        clauses.push('1 = 0');
        continue;
      }
      const read = values.map((value) => readValue(spec, key, kind, value));
      clauses.push(read.length === 1 ? `${field} = ?` : `${field} IN (${read.map(() => '?').join(', ')})`);
      params.push(...read);
      continue;
    }
    if (operator === 'neq') {
      clauses.push(`(${field} IS NULL OR ${field} <> ?)`);
      params.push(readValue(spec, key, kind, raw));
      continue;
    }
    clauses.push(`${field} ${RANGE_OPERATORS[operator]} ?`);
    params.push(readValue(spec, key, kind, raw));
  }
  if (unknown.length > 0) {
    throw new IdahPluginError(
      'QUERY_INVALID',
      `unknown ${spec.resource} filter${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `\`${name}\``).join(', ')}; ` +
        `expected one of ${Object.keys(spec.filters).join(', ')}, with __in, __neq and (times, numbers) __gte, __lte, __gt, __lt`,
      { details: { unknown_filters: unknown } },
    );
  }
  return {
    where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '',
    params,
    orderBy: compileSort(spec, query.sort),
    ...compilePage(query.page),
  };
}

function isOperatorAllowed(operator: string, kind: FieldKind): boolean {
  if (operator === 'eq' || operator === 'in' || operator === 'neq') return true;
  return kind !== 'text' && operator in RANGE_OPERATORS;
}

function listOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw.split(',').map((part) => part.trim()).filter(Boolean);
  return [raw];
}

function readValue(spec: ListSpec, key: string, kind: FieldKind, value: unknown): string | number {
  if (kind === 'number') {
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
    if (!Number.isFinite(number)) throw invalidValue(spec, key, 'a number', value);
    return number;
  }
  if (kind === 'time') {
    const time = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!time || Number.isNaN(time.getTime())) throw invalidValue(spec, key, 'a date or time (ISO 8601)', value);
    return time.toISOString();
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw invalidValue(spec, key, 'a string', value);
  return String(value);
}

function invalidValue(spec: ListSpec, key: string, expected: string, value: unknown): IdahPluginError {
  return new IdahPluginError('QUERY_INVALID', `${spec.resource} filter \`${key}\`: expected ${expected}, got ${JSON.stringify(value)}`, {
    details: { filter: key },
  });
}

function compileSort(spec: ListSpec, sort: string | undefined): string {
  const parts = (sort ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = parts.filter((part) => !spec.sorts.includes(part.replace(/^-/, '')));
  if (unknown.length > 0) {
    throw new IdahPluginError(
      'QUERY_INVALID',
      `unknown ${spec.resource} sort field${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `\`${name}\``).join(', ')}; expected ${spec.sorts.join(', ')} (with - for descending)`,
      { details: { unknown_sorts: unknown } },
    );
  }
  const terms = parts.map((part) => (part.startsWith('-') ? `${part.slice(1)} DESC` : `${part} ASC`));
  if (parts.length === 0) terms.push('created_at ASC');
  // A stable tie-break so pages never overlap.
  if (!parts.some((part) => part.replace(/^-/, '') === 'id')) terms.push('id ASC');
  return `ORDER BY ${terms.join(', ')}`;
}

function compilePage(page: ListQuery['page']): Pick<CompiledList, 'limit' | 'offset' | 'page'> {
  const number = page?.number ?? 1;
  const size = page?.size ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(number) || number < 1) {
    throw new IdahPluginError('QUERY_INVALID', `page[number]: expected an integer >= 1, got ${JSON.stringify(number)}`);
  }
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new IdahPluginError('QUERY_INVALID', `page[size]: expected an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(size)}`);
  }
  return { limit: size, offset: (number - 1) * size, page: { number, size } };
}
