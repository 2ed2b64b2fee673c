import type { DuckDBConnection } from '@duckdb/node-api';
import { loadedDuckDb } from '../../lazy/duckdb.ts';

/**
 * Two filter predicates run inside DuckDB's WHERE clauses but are evaluated by JavaScript,
 * because SQL cannot reproduce the reference predicates (filters.ts) exactly:
 *
 * - `__match` is a JS RegExp with the `i` flag. DuckDB's `regexp_matches` is RE2: it rejects
 *   lookarounds and backreferences (`^(?!draft)`), lets `.` match `\r`, and folds case by Unicode
 *   (`s` matches `ſ`, `k` matches the Kelvin sign) where JS does not.
 * - `updated_at__gt` compares `Date.parse` values. DuckDB's timestamp casts accept other formats
 *   and read zone-less times in the session zone rather than local time.
 *
 * Both take the JSON text of the value (from `json_extract`), so non-string values behave as
 * the reference predicates see them. SQL NULL (no such key) stays NULL, which WHERE treats as false.
 */
export const JS_REGEX_TEST = 'idah_js_regex_test';
export const JS_DATE_MS = 'idah_js_date_ms';

export function registerJsPredicates(connection: DuckDBConnection): void {
  const { BOOLEAN, DOUBLE, DuckDBScalarFunction, VARCHAR } = loadedDuckDb();
  const patterns = new Map<string, RegExp>();
  const regexFor = (pattern: string): RegExp => {
    let regex = patterns.get(pattern);
    if (!regex) {
      regex = new RegExp(pattern, 'i');
      patterns.set(pattern, regex);
    }
    return regex;
  };

  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: JS_REGEX_TEST,
      returnType: BOOLEAN,
      parameterTypes: [VARCHAR, VARCHAR],
      mainFunction: (info, input, output) => {
        try {
          const texts = input.getColumnVector(0);
          const patternsColumn = input.getColumnVector(1);
          for (let row = 0; row < input.rowCount; row += 1) {
            const text = texts.getItem(row) as string | null;
            const pattern = patternsColumn.getItem(row) as string | null;
            if (text === null || pattern === null) {
              output.setItem(row, null);
              continue;
            }
            const value: unknown = JSON.parse(text);
            output.setItem(row, value != null && regexFor(pattern).test(value as string));
          }
          output.flush();
        } catch (error) {
          info.setError(`${JS_REGEX_TEST}: ${(error as Error).message}`);
        }
      },
    }),
  );

  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: JS_DATE_MS,
      returnType: DOUBLE,
      parameterTypes: [VARCHAR],
      mainFunction: (info, input, output) => {
        try {
          const texts = input.getColumnVector(0);
          for (let row = 0; row < input.rowCount; row += 1) {
            const text = texts.getItem(row) as string | null;
            const value: unknown = text === null ? null : JSON.parse(text);
            const time = value ? Date.parse(value as string) : Number.NaN;
            output.setItem(row, Number.isNaN(time) ? null : time);
          }
          output.flush();
        } catch (error) {
          info.setError(`${JS_DATE_MS}: ${(error as Error).message}`);
        }
      },
    }),
  );
}
