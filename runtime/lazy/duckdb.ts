// DuckDB's native module takes most of a second to load, so nothing imports it at the top of a
// module: the code that opens a database awaits `loadDuckDb()`, and code that only runs on an open
// database (parameters, appenders, scalar functions) takes the module from `loadedDuckDb()`.
type DuckDbModule = typeof import('@duckdb/node-api');

let loaded: DuckDbModule | undefined;

export async function loadDuckDb(): Promise<DuckDbModule> {
  loaded ??= await import('@duckdb/node-api');
  return loaded;
}

/** The module, once a database was opened through `loadDuckDb()`. */
export function loadedDuckDb(): DuckDbModule {
  if (!loaded) throw new Error('DuckDB is used before a database was opened (call loadDuckDb() first)');
  return loaded;
}
