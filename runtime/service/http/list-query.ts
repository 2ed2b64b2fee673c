import type { ListQuery } from '../../queue/job-store.ts';
import type { ListSpec as StoreListSpec } from '../../queue/sql/list-query.ts';
import { ApiError, type ErrorSource } from './api-error.ts';

/** What one index route accepts. Anything else in the query is a 422 naming it (upstream dropped it). */
export interface ListSpec {
  /** Filterable fields; `field`, `field__in` and, for `ordered`, `__gt/__gte/__lt/__lte`. */
  filters: readonly string[];
  /** Fields with an order (times, numbers): the range operators apply to them. */
  ordered: readonly string[];
  sorts: readonly string[];
  included: readonly string[];
  /** Sparse fieldsets: the attributes of each type. */
  fields: Readonly<Record<string, readonly string[]>>;
  /** Other parameters this route takes. */
  params?: readonly string[];
}

export interface ParsedList {
  query: ListQuery;
  included: string[];
  fields: Record<string, string[]>;
}

export const MAX_PAGE_SIZE = 1000;
const RANGE_OPERATORS = ['gt', 'gte', 'lt', 'lte'];

/** Values of a parameter: repeated keys and comma lists both count. */
const valuesOf = (values: string[]) => values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);

function pageNumber(name: string, values: string[], max: number | undefined, problems: Problem[]): number | undefined {
  const text = values.at(-1) ?? '';
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 1 || (max !== undefined && number > max)) {
    problems.push({ parameter: name, detail: `${name}: expected an integer from 1${max ? ` to ${max}` : ''}, got ${JSON.stringify(text)}` });
    return undefined;
  }
  return number;
}

interface Problem {
  parameter: string;
  detail: string;
}

/**
 * Parses IDAH's index parameters (`page[number]`, `page[size]`, `sort`, `filter[...]`,
 * `included[]`, `fields[type][]`, `count`) against what the route allows. Every unknown name
 * is reported at once, each error naming its parameter.
 */
export function parseListQuery(queries: Record<string, string[]>, spec: ListSpec): ParsedList {
  const problems: Problem[] = [];
  const filter: Record<string, unknown> = {};
  const page: { number?: number; size?: number } = {};
  const included: string[] = [];
  const fields: Record<string, string[]> = {};
  let sort: string | undefined;

  for (const [rawName, values] of Object.entries(queries)) {
    const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
    const filterMatch = /^filter\[([^\]]+)\]$/.exec(name);
    const fieldsMatch = /^fields\[([^\]]+)\]$/.exec(name);
    if (name === 'page[number]') {
      const number = pageNumber(name, values, undefined, problems);
      if (number !== undefined) page.number = number;
    } else if (name === 'page[size]') {
      const size = pageNumber(name, values, MAX_PAGE_SIZE, problems);
      if (size !== undefined) page.size = size;
    } else if (name === 'sort') {
      const keys = valuesOf(values);
      const unknown = keys.filter((key) => !spec.sorts.includes(key.replace(/^-/, '')));
      if (unknown.length > 0) {
        problems.push({ parameter: 'sort', detail: `sort: unknown field ${unknown.map((key) => JSON.stringify(key)).join(', ')}; expected ${spec.sorts.join(', ')} (prefix - for descending)` });
      } else sort = keys.join(',');
    } else if (name === 'included') {
      for (const value of valuesOf(values)) {
        if (spec.included.includes(value)) included.push(value);
        else problems.push({ parameter: rawName, detail: `included: unknown relation ${JSON.stringify(value)}; expected ${spec.included.join(', ') || 'none'}` });
      }
    } else if (name === 'count') {
      // IDAH's `count=true`: the total is always in meta.count here, so it changes nothing.
    } else if (filterMatch) {
      const key = filterMatch[1] as string;
      const [field, operator] = key.split('__') as [string, string | undefined];
      const knownOperator = operator === undefined || operator === 'in' || (RANGE_OPERATORS.includes(operator) && spec.ordered.includes(field));
      if (!spec.filters.includes(field) || !knownOperator) {
        problems.push({
          parameter: rawName,
          detail: `filter[${key}]: unknown filter; expected one of ${spec.filters.join(', ')}, with __in, or __gt/__gte/__lt/__lte on ${spec.ordered.join(', ')}`,
        });
        continue;
      }
      const list = valuesOf(values);
      filter[key] = operator === 'in' || rawName.endsWith('[]') || list.length > 1 ? list : (values.at(-1) ?? '');
    } else if (fieldsMatch) {
      const type = fieldsMatch[1] as string;
      const known = spec.fields[type];
      if (!known) {
        problems.push({ parameter: rawName, detail: `fields[${type}]: unknown type; expected ${Object.keys(spec.fields).join(', ')}` });
        continue;
      }
      const wanted = valuesOf(values);
      const unknown = wanted.filter((field) => field !== 'id' && !known.includes(field));
      if (unknown.length > 0) problems.push({ parameter: rawName, detail: `fields[${type}]: unknown field ${unknown.join(', ')}; expected ${known.join(', ')}` });
      else fields[type] = wanted;
    } else if (!spec.params?.includes(name)) {
      problems.push({ parameter: rawName, detail: `unknown query parameter ${JSON.stringify(rawName)}` });
    }
  }
  if (problems.length > 0) throw queryError(problems);
  return { query: { filter, ...(sort ? { sort } : {}), page }, included, fields };
}

/** Rejects every query parameter a route does not take (show, download, delete routes). */
export function rejectUnknownParams(queries: Record<string, string[]>, allowed: readonly string[] = []): void {
  const problems = Object.keys(queries)
    .filter((name) => !allowed.includes(name.replace(/\[\]$/, '')))
    .map((name) => ({ parameter: name, detail: `unknown query parameter ${JSON.stringify(name)}` }));
  if (problems.length > 0) throw queryError(problems);
}

export function queryError(problems: Array<{ parameter: string; detail: string }>): ApiError {
  return ApiError.many(
    422,
    problems.map((problem) => ({ code: 'QUERY_INVALID', detail: problem.detail, source: { parameter: problem.parameter } as ErrorSource })),
  );
}

/** `included[]` and `fields[...]` of a show route; page, sort and filter make no sense there. */
export function parseShowQuery(queries: Record<string, string[]>, spec: Pick<ListSpec, 'included' | 'fields'>): ParsedList {
  const misplaced = Object.keys(queries).filter((name) => /^(page\[|sort$|filter\[|count$)/.test(name));
  if (misplaced.length > 0) {
    throw queryError(misplaced.map((name) => ({ parameter: name, detail: `${name}: only index routes take it` })));
  }
  return parseListQuery(queries, { ...spec, filters: [], ordered: [], sorts: [] });
}

/** The filters and sorts the store takes, as the HTTP layer checks them (one list, no drift). */
export function storeListSpec(store: StoreListSpec, rest: Pick<ListSpec, 'included' | 'fields'>): ListSpec {
  const filters = Object.keys(store.filters);
  return {
    filters,
    ordered: filters.filter((field) => store.filters[field] !== 'text'),
    sorts: store.sorts,
    ...rest,
  };
}
