import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { loadedDuckDb } from '../../lazy/duckdb.ts';

/**
 * Collects a query's parameters with their types and hands out `$n` placeholders, so SQL
 * fragments built apart (filters, paging) can be joined without counting `?`s.
 */
export class SqlParams {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];

  text(value: string): string {
    return this.#add(value, loadedDuckDb().VARCHAR);
  }

  number(value: number): string {
    return this.#add(value, loadedDuckDb().DOUBLE);
  }

  textList(values: readonly string[]): string {
    const { DuckDBListValue, LIST, VARCHAR } = loadedDuckDb();
    return this.#add(new DuckDBListValue([...values]), LIST(VARCHAR));
  }

  numberList(values: readonly number[]): string {
    const { DOUBLE, DuckDBListValue, LIST } = loadedDuckDb();
    return this.#add(new DuckDBListValue([...values]), LIST(DOUBLE));
  }

  #add(value: DuckDBValue, type: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }
}

/** Conditions joined with AND; no condition is TRUE. */
export const allOf = (conditions: readonly string[]): string =>
  conditions.length === 0 ? 'TRUE' : conditions.map((condition) => `(${condition})`).join(' AND ');
