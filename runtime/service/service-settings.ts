import { resolve } from 'node:path';

/** What `serve`, `worker` and `doctor` share: where the store, the outputs and the plugins are. */
export interface ServiceSettings {
  /** Where relative paths start. */
  cwd: string;
  /** The embedded store (`idah.db`) and local outputs (`outputs/`); default `./.idah-state`. */
  stateDir: string;
  /** A `postgres://` URL (`?schema=name` for a schema other than public): the shared store instead of SQLite. */
  db?: string;
  /** `s3://bucket/prefix`: outputs in a bucket instead of `<state>/outputs`. */
  storage?: string;
  s3Endpoint?: string;
  s3Region?: string;
  /** Plugin folders or globs, `;`-separated (default `$IDAH_PLUGIN_PATH`, else `plugins/**`). */
  plugins?: string;
  /** A JSON file of named secrets that destinations' `secret:NAME` references resolve to (else `$IDAH_SECRET_<NAME>`). */
  secretsFile?: string;
  /** The service's address as clients reach it, for the download link of delivery notifications. */
  publicUrl?: string;
  /** Folders `local` destinations may write into; any folder the worker can write when absent. */
  localDestinationRoots?: string[];
}

export const DEFAULT_STATE_DIR = '.idah-state';

export const stateDirOf = (settings: ServiceSettings) => resolve(settings.cwd, settings.stateDir);
