import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describeThrown, IdahPluginError } from '../errors.ts';
import type { Manifest } from '../manifest/manifest-schema.ts';
import { importPluginModule } from '../plugins/import-plugin-module.ts';
import { asMediaBackend, initMediaBackend } from './init-media-backend.ts';
import type { ProcessorRegistration } from './media-processor.ts';

export const MEDIA_ENTRY_FILE = 'media.ts';

export type MediaBackendOutcome =
  | { kind: 'loaded'; registrations: ProcessorRegistration[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: IdahPluginError };

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** `<mediaDir>/<name>/media.ts` for every backend folder, sorted. */
async function findMediaEntries(mediaDir: string): Promise<string[]> {
  const folders = (await readdir(mediaDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
  const entries: string[] = [];
  for (const folder of folders) {
    if ((await readdir(join(mediaDir, folder))).includes(MEDIA_ENTRY_FILE)) entries.push(join(mediaDir, folder, MEDIA_ENTRY_FILE));
  }
  return entries;
}

/**
 * Imports every `<backend.path>/media/<name>/media.ts` of one plugin and runs its `Media.init`.
 * All must succeed for the plugin's processors to count; they are returned, not committed.
 */
export async function loadMediaBackend(dir: string, manifest: Manifest): Promise<MediaBackendOutcome> {
  const backend = manifest.entryPoints.backend;
  if (!backend) return { kind: 'skipped', reason: 'the manifest has no entryPoints.backend' };
  const mediaDir = join(dir, backend.path, 'media');
  if (!(await isDirectory(mediaDir))) return { kind: 'skipped', reason: `no media backend (no folder ${mediaDir})` };
  const entries = await findMediaEntries(mediaDir);
  if (entries.length === 0) {
    const error = new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected at least one ${relative(dir, mediaDir)}/<name>/${MEDIA_ENTRY_FILE}, found none`,
      { plugin: manifest.name },
    );
    return { kind: 'failed', error };
  }
  const registrations: ProcessorRegistration[] = [];
  try {
    for (const entry of entries) {
      const shownAs = relative(dir, entry);
      let exports: Record<string, unknown>;
      try {
        exports = await importPluginModule(entry);
      } catch (cause) {
        throw new IdahPluginError('PLUGIN_LOAD_FAILED', `could not import ${shownAs}: ${describeThrown(cause)}`, {
          plugin: manifest.name,
          cause,
        });
      }
      const backendClass = asMediaBackend(exports.Media, `the Media export of ${shownAs}`, manifest.name);
      registrations.push(...(await initMediaBackend(manifest.name, backendClass, shownAs)));
    }
  } catch (error) {
    const failure =
      error instanceof IdahPluginError
        ? error
        : new IdahPluginError('PLUGIN_LOAD_FAILED', describeThrown(error), { plugin: manifest.name, cause: error });
    return { kind: 'failed', error: failure };
  }
  return { kind: 'loaded', registrations };
}
