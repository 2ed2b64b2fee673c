import { join } from 'node:path';
import { createLogger, type Logger } from '../logger.ts';
import { type Host, loadHost } from '../plugins/host.ts';
import type { JobStore } from '../queue/job-store.ts';
import { openJobStore } from '../queue/open-job-store.ts';
import { LocalOutputStorage } from '../storage/local-output-storage.ts';
import type { OutputStorage } from '../storage/output-storage.ts';
import { type ServiceSettings, stateDirOf } from './service-settings.ts';

export { DEFAULT_STATE_DIR, type ServiceSettings, stateDirOf } from './service-settings.ts';

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
