import { IdahPluginError } from '../../errors.ts';
import type { JsonObject, JsonValue } from '../../records.ts';
import { isPortableAttributeName, toUpdKey } from '../keys.ts';
import { parseBoundedJson } from './json-limits.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** DuckDB counts characters as code points (`length('🦆')` is 1); so do we. */
export const codePointLength = (text: string): number => {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
};

/**
 * A VARCHAR column holds a string as is only when it is well formed (DuckDB stores UTF-8; a lone
 * surrogate would come back as U+FFFD) and within the column's CHECK limit.
 */
export function fitsColumn(value: unknown, maxLength?: number): value is string {
  if (typeof value !== 'string' || LONE_SURROGATE.test(value)) return false;
  return maxLength === undefined || value.length <= maxLength || codePointLength(value) <= maxLength;
}

/** Writing fails for a value a required key column cannot hold. */
export function requireColumnValue(value: unknown, what: string, maxLength?: number): string {
  if (fitsColumn(value, maxLength)) return value;
  const limit = maxLength === undefined ? '' : ` of at most ${maxLength} characters`;
  const got =
    typeof value === 'string'
      ? LONE_SURROGATE.test(value)
        ? 'a string with a lone UTF-16 surrogate'
        : `${codePointLength(value)} characters ("${value.slice(0, 40)}...")`
      : describe(value);
  throw new IdahPluginError('EXPORT_FAILED', `UPD: ${what}: expected a well-formed string${limit}, got ${got}`);
}

/** A readable prefix of a value that did not fit, for a NOT NULL column whose full value goes to JSON. */
export function truncateForColumn(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') return '';
  return Array.from(value.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD')).slice(0, maxLength).join('');
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value) ?? ''}`.trim();

/**
 * UPD metadata from record attributes: each key in `Capitalized-Dash` form, undefined values
 * left out. A name that would not come back the same (`fooBar`, `a-b`) is refused.
 */
export function attributesToUpdMetadata(what: string, attributes: Record<string, unknown>): JsonObject {
  const metadata: JsonObject = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value === undefined) continue;
    if (!isPortableAttributeName(name)) {
      throw new IdahPluginError(
        'EXPORT_FAILED',
        `UPD: ${what}: attribute "${name}" cannot be stored as UPD metadata; expected a lower-case snake_case name (it would come back as "${toUpdKey(name)}")`,
      );
    }
    setOwn(metadata, toUpdKey(name), value);
  }
  return metadata;
}

/**
 * Where a JSON column was read, for messages only: built when parsing fails, not for every row.
 * `table.column` of `<row kind> "<row id>"`.
 */
export interface ColumnPlace {
  column: string;
  row: string;
  id: string;
}
const describePlace = (place: ColumnPlace) => `${place.column} of ${place.row} "${place.id}"`;

/** A bad JSON cell is an error about that one record: `details` name its table, id and column. */
const invalidCell = (place: ColumnPlace, problem: string, cause?: unknown) => {
  const [table = place.column, column] = place.column.split('.');
  return new IdahPluginError('RECORD_INVALID', `UPD: ${describePlace(place)}: ${problem}`, {
    cause,
    details: { table, id: place.id, column },
  });
};

/** Parses a JSON column of a row being read (size and depth bounded); NULL or empty text reads as `{}`. */
export function parseJsonColumn(text: string | null, place: ColumnPlace): JsonValue {
  if (text === null || text === '' || text === '{}') return {};
  try {
    return parseBoundedJson(text) as JsonValue;
  } catch (error) {
    throw invalidCell(place, `expected JSON text, got ${JSON.stringify(text.slice(0, 60))} (${(error as Error).message})`, error);
  }
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a JSON column that must hold an object. */
export function parseJsonObjectColumn(text: string | null, place: ColumnPlace): JsonObject {
  return requireJsonObject(parseJsonColumn(text, place), place);
}

/** A JSON column's value (already parsed) that must be an object. */
export function requireJsonObject(value: JsonValue, place: ColumnPlace): JsonObject {
  if (isJsonObject(value)) return value;
  throw invalidCell(place, `expected a JSON object, got ${describe(value)}`);
}

/** Sets an own property; a key named `__proto__` stays a plain key instead of replacing the prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** A copy of an object without some keys. */
export function withoutKeys(object: JsonObject, keys: readonly string[]): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(object)) if (!keys.includes(key)) setOwn(copy, key, object[key]);
  return copy;
}

export const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
