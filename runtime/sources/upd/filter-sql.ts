import type { AnnotationFilter, EntryFilter, MediaFilter } from '../filters.ts';
import { toUpdKey } from '../../upd/keys.ts';
import { JS_DATE_MS, JS_REGEX_TEST } from './js-predicates.ts';
import type { SqlParams } from './sql-params.ts';

/**
 * Filters as SQL conditions that agree exactly with the reference predicates of filters.ts on the
 * records the mapping reads back. Entry fields live in the entries' JSON metadata
 * (`status` -> `$."Status"`), so each condition first checks the JSON type, as `===` would.
 */
/**
 * A JSON column, NULL where its text is not valid JSON: DuckDB's json functions throw on invalid
 * text, and one bad row must not fail the query of its whole batch (the row is read, and reported).
 */
export const validJsonSql = (column: string): string => `CASE WHEN json_valid(${column}) THEN ${column} END`;

const jsonPath = (key: string): string => `'$."${key.replaceAll("'", "''").replaceAll('"', '\\"')}"'`;

const jsonStringEquals = (text: string, key: string, param: string): string => {
  const column = validJsonSql(text);
  return `json_type(${column}, ${jsonPath(key)}) = 'VARCHAR' AND json_extract_string(${column}, ${jsonPath(key)}) = ${param}`;
};

/** The value as `record.field ?? ''` sees it: the string, '' when absent or null, NULL for other types. */
const jsonStringOrEmpty = (text: string, key: string): string => {
  const column = validJsonSql(text);
  return `CASE coalesce(json_type(${column}, ${jsonPath(key)}), 'NULL') WHEN 'VARCHAR' THEN json_extract_string(${column}, ${jsonPath(key)}) WHEN 'NULL' THEN '' END`;
};

const jsonText = (text: string, key: string): string => `json_extract(${validJsonSql(text)}, ${jsonPath(key)})::VARCHAR`;

export function entryFilterConditions(filter: EntryFilter, params: SqlParams, metadata = 'metadata'): string[] {
  const conditions: string[] = [];
  const key = (field: keyof EntryFilter | 'name' | 'resource' | 'priority' | 'wf_step') => toUpdKey(field);
  if (filter.status !== undefined) conditions.push(jsonStringEquals(metadata, key('status'), params.text(filter.status)));
  if (filter.status__in) {
    conditions.push(`list_contains(${params.textList(filter.status__in)}, ${jsonStringOrEmpty(metadata, key('status'))})`);
  }
  if (filter.name__match !== undefined) {
    conditions.push(`${JS_REGEX_TEST}(${jsonText(metadata, key('name'))}, ${params.text(filter.name__match)})`);
  }
  if (filter.resource__match !== undefined) {
    conditions.push(`${JS_REGEX_TEST}(${jsonText(metadata, key('resource'))}, ${params.text(filter.resource__match)})`);
  }
  if (filter.priority__in) {
    const path = jsonPath(key('priority'));
    const valid = validJsonSql(metadata);
    conditions.push(
      `json_type(${valid}, ${path}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND list_contains(${params.numberList(filter.priority__in)}, json_extract(${valid}, ${path})::DOUBLE)`,
    );
  }
  if (filter.wf_step__in) {
    conditions.push(`list_contains(${params.textList(filter.wf_step__in)}, ${jsonStringOrEmpty(metadata, key('wf_step'))})`);
  }
  if (filter.updated_since !== undefined) conditions.push(changedSinceSql(filter.updated_since, params, metadata));
  // An entry whose metadata is not JSON cannot be filtered: it is read (as a bad record, reported), never silently left out.
  if (conditions.length === 0) return conditions;
  return [`(${metadata} IS NOT NULL AND NOT json_valid(${metadata})) OR (${conditions.map((condition) => `(${condition})`).join(' AND ')})`];
}

/**
 * entryChangedSince in SQL: the entry's `Updated-At`, or any of its annotations' (an
 * annotation whose metadata is not JSON counts as unchanged, as its record reads without it).
 */
function changedSinceSql(since: string, params: SqlParams, metadata: string): string {
  const after = params.number(Date.parse(since));
  const entryTable = metadata.includes('.') ? metadata.slice(0, metadata.lastIndexOf('.')) : 'entries';
  return (
    `${JS_DATE_MS}(${jsonText(metadata, 'Updated-At')}) > ${after} OR EXISTS (SELECT 1 FROM annotations AS changed ` +
    `WHERE changed.entry_id = ${entryTable}.id AND ${JS_DATE_MS}(${jsonText('changed.metadata', 'Updated-At')}) > ${after})`
  );
}

/** Columns of the annotations table, optionally behind an alias. */
export function annotationFilterConditions(filter: AnnotationFilter, params: SqlParams, alias = '', labelColumns: 'category' | 'annotation' = 'category'): string[] {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const conditions: string[] = [];
  if (filter.type !== undefined) {
    // shapeTypeMatches: a prefixed type must match whole; a bare shape also matches `<plugin>:<shape>`.
    const wanted = params.text(filter.type);
    conditions.push(
      filter.type.includes(':')
        ? `${column('shape_type')} = ${wanted}`
        : `${column('shape_type')} = ${wanted} OR suffix(${column('shape_type')}, ${params.text(`:${filter.type}`)})`,
    );
  }
  if (filter.category !== undefined) {
    // The column holds non-empty categories; any other value stays in properties.category (mapping.ts).
    const wanted = params.text(filter.category);
    if (labelColumns === 'annotation') conditions.push(jsonStringEquals(column('annotation'), 'category', wanted));
    else conditions.push(
      `CASE WHEN coalesce(${column('category')}, '') <> '' THEN ${column('category')} = ${wanted} ELSE ${jsonStringEquals(column('properties'), 'category', wanted)} END`,
    );
  }
  if (filter.updated_at__gt !== undefined) {
    const after = params.number(Date.parse(filter.updated_at__gt));
    conditions.push(`${JS_DATE_MS}(${jsonText(column('metadata'), 'Updated-At')}) > ${after}`);
  }
  return conditions;
}

/** Columns of the medias table behind `alias`. */
export function mediaFilterConditions(filter: MediaFilter, params: SqlParams, alias: string): string[] {
  const conditions: string[] = [];
  if (filter.key !== undefined) conditions.push(`${alias}.key = ${params.text(filter.key)}`);
  if (filter.mime_type !== undefined) {
    // The column holds fitting mime types; any other value stays in metadata `Mime-Type` (mapping.ts).
    const wanted = params.text(filter.mime_type);
    conditions.push(
      `CASE WHEN ${alias}.media_type IS NOT NULL THEN ${alias}.media_type = ${wanted} ELSE ${jsonStringEquals(`${alias}.metadata`, 'Mime-Type', wanted)} END`,
    );
  }
  return conditions;
}
