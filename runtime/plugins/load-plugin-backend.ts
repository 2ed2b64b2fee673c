import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Manifest } from '../manifest/manifest-schema.ts';
import { pluginInfoOf } from './plugin-info.ts';
import type { ExporterRegistration } from './registry.ts';
import { runSyncEntry } from './run-sync-entry.ts';
import { createRegistrationCollector } from './sync-context.ts';
import { SYNC_ENTRY_FILE, findSyncEntries } from './sync-entries.ts';

export type BackendOutcome =
  | { kind: 'loaded'; registrations: readonly ExporterRegistration[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: IdahPluginError };

export interface LoadBackendOptions {
  /** The plugin's own logger (a child named after it). */
  logger: Logger;
  initTimeoutMs: number;
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined; // missing
  }
}

/**
 * Runs every `<backend.path>/sync/<name>/sync.ts` of one plugin. All of them must succeed for
 * the plugin to count as loaded; its registrations are returned, not committed.
 */
export async function loadPluginBackend(dir: string, manifest: Manifest, options: LoadBackendOptions): Promise<BackendOutcome> {
  const backend = manifest.entryPoints.backend;
  if (!backend) return { kind: 'skipped', reason: 'frontend-only plugin: the manifest has no entryPoints.backend' };

  const backendDir = join(dir, backend.path);
  const backendKind = await isDirectory(backendDir);
  if (backendKind !== true) {
    const found = backendKind === false ? 'a file' : 'nothing';
    const error = new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected the backend folder "${backend.path}" (entryPoints.backend.path) at ${backendDir}, found ${found}`,
    );
    return { kind: 'failed', error };
  }

  const syncDir = join(backendDir, 'sync');
  if ((await isDirectory(syncDir)) !== true) return { kind: 'skipped', reason: `no sync backend (no folder ${syncDir})` };

  const { entries, rubyEntries } = await findSyncEntries(syncDir);
  if (entries.length === 0) {
    const rubyHint = rubyEntries.length > 0 ? `; found ${relative(dir, rubyEntries[0] as string)}: Ruby backends must be ported to TypeScript` : '';
    const error = new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected at least one ${relative(dir, syncDir)}/<name>/${SYNC_ENTRY_FILE}, found none${rubyHint}`,
    );
    return { kind: 'failed', error };
  }

  const collector = createRegistrationCollector(pluginInfoOf(manifest, backend, dir), options.logger);
  try {
    for (const entry of entries) {
      const shownAs = relative(dir, entry);
      await runSyncEntry(entry, shownAs, collector.context, options.initTimeoutMs);
      // A plugin that caught our TypeError still registered wrongly: it fails as a whole.
      const rejection = collector.firstRejection;
      if (rejection) {
        throw new IdahPluginError('REGISTRATION_INVALID', `Sync.init in ${shownAs} made an invalid registration: ${rejection.message}`, {
          cause: rejection,
        });
      }
    }
  } catch (error) {
    return { kind: 'failed', error: error as IdahPluginError };
  } finally {
    collector.close();
  }
  return { kind: 'loaded', registrations: collector.registrations };
}
