import { join, resolve } from 'node:path';
import { createLogger, type Logger } from '../logger.ts';
import { type Host, loadHost } from '../plugins/host.ts';
import type { JobStore } from '../queue/job-store.ts';
import { openJobStore } from '../queue/open-job-store.ts';
import { LocalOutputStorage } from '../storage/local-output-storage.ts';
import type { OutputStorage } from '../storage/output-storage.ts';

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
}

export const DEFAULT_STATE_DIR = '.idah-state';

export const stateDirOf = (settings: ServiceSettings) => resolve(settings.cwd, settings.stateDir);

/** `postgres://…/db?schema=name` puts the tables in that schema (default `public`). */
export function openStoreFor(settings: ServiceSettings): Promise<JobStore> {
  if (!settings.db) return openJobStore({ stateDir: stateDirOf(settings) });
  const url = new URL(settings.db);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  return openJobStore(schema ? { url: url.toString(), schema } : settings.db);
}

/**
 * S3 credentials come from the SDK's chain (env, profile), never from flags or job arguments.
 * The SDK loads only when S3 is asked for (it is large, and most commands never need it).
 */
export async function openStorageFor(settings: ServiceSettings): Promise<OutputStorage> {
  if (settings.storage) {
    const { parseS3Url, S3OutputStorage } = await import('../storage/s3-output-storage.ts');
    return new S3OutputStorage({
      ...parseS3Url(settings.storage),
      ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint } : {}),
      ...(settings.s3Region ? { region: settings.s3Region } : {}),
    });
  }
  return new LocalOutputStorage(join(stateDirOf(settings), 'outputs'));
}

export function loadHostFor(settings: ServiceSettings, logger: Logger = createLogger('idah-plugin', () => {})): Promise<Host> {
  return loadHost({ ...(settings.plugins !== undefined ? { pluginPaths: settings.plugins } : {}), cwd: settings.cwd, logger });
}

/** Closes what a storage holds open (the S3 client's sockets). */
export function closeStorage(storage: OutputStorage): void {
  (storage as { close?: () => void }).close?.();
}
