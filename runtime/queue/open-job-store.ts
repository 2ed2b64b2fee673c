import { join } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import type { JobStore, JobStoreOptions } from './job-store.ts';
import { openPostgresDriver } from './postgres/postgres-driver.ts';
import { createSqlJobStore } from './sql/sql-job-store.ts';
import { openSqliteDriver } from './sqlite/sqlite-driver.ts';

export type JobStoreLocation =
  | string
  | { stateDir: string }
  | { sqlite: string }
  | { url: string; schema?: string; poolSize?: number };

/** The embedded store's file under a state folder. */
export const sqlitePathIn = (stateDir: string) => join(stateDir, 'idah.db');

/**
 * Opens and migrates a job store: a `postgres://` (or `postgresql://`) URL, `{ url, schema }`,
 * a SQLite file (`{ sqlite: path }`, a `sqlite:` URL or a plain path), or `{ stateDir }` for
 * `<state dir>/idah.db`.
 */
export async function openJobStore(location: JobStoreLocation, options: JobStoreOptions = {}): Promise<JobStore> {
  const store = createStore(location, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw new IdahPluginError('STORE_FAILED', `cannot open the job store ${store.description}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return store;
}

function createStore(location: JobStoreLocation, options: JobStoreOptions): JobStore {
  if (typeof location === 'string') {
    if (/^postgres(ql)?:\/\//.test(location)) return createStore({ url: location }, options);
    return createStore({ sqlite: location.replace(/^sqlite:/, '') }, options);
  }
  if ('url' in location) {
    const driver = openPostgresDriver({
      url: location.url,
      ...(location.schema ? { schema: location.schema } : {}),
      ...(location.poolSize ? { poolSize: location.poolSize } : {}),
    });
    return createSqlJobStore(driver, { ...options, ...(location.schema ? { schema: location.schema } : {}) });
  }
  const path = 'stateDir' in location ? sqlitePathIn(location.stateDir) : location.sqlite;
  return createSqlJobStore(openSqliteDriver(path), options);
}
