import { basename } from 'node:path';
import { describeThrown } from '../errors.ts';
import type { Manifest } from '../manifest/manifest-schema.ts';
import { readManifest } from '../manifest/read-manifest.ts';
import { discoverPluginDirs } from '../plugins/discover.ts';
import { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV } from '../plugins/plugin-path.ts';
import { loadMediaBackend } from './load-media-backend.ts';
import { ProcessorRegistry } from './processor-registry.ts';

export interface LoadMediaProcessorsOptions {
  /** `IDAH_PLUGIN_PATH` syntax or a list of the same. Default: `$IDAH_PLUGIN_PATH`, else `plugins/**`. */
  pluginPaths?: string | readonly string[];
  includeBundled?: boolean;
  cwd?: string;
}

export interface MediaLoadFailure {
  plugin: string;
  dir: string;
  message: string;
}

export interface MediaHost {
  registry: ProcessorRegistry;
  /** Plugins whose media backend could not load; the others loaded anyway. */
  failures: MediaLoadFailure[];
  warnings: string[];
}

/** Discovers plugins as the export host does and loads their media backends into one registry. */
export async function loadMediaProcessors(options: LoadMediaProcessorsOptions = {}): Promise<MediaHost> {
  const fromEnvironment = process.env[PLUGIN_PATH_ENV];
  const configured = options.pluginPaths ?? (fromEnvironment?.trim() ? fromEnvironment : undefined);
  const discovery = await discoverPluginDirs({
    pluginPaths: configured ?? DEFAULT_PLUGIN_PATH,
    includeBundled: options.includeBundled ?? true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    warnAboutEmptyPaths: configured !== undefined,
  });
  const registry = new ProcessorRegistry();
  // Folders that look like plugins and cannot load are failures here too.
  const failures: MediaLoadFailure[] = discovery.failures.map(({ dir, message }) => ({ plugin: basename(dir), dir, message }));
  // The same name twice: the later folder wins, as for exporters.
  const byName = new Map<string, { dir: string; manifest: Manifest }>();
  for (const dir of discovery.pluginDirs) {
    try {
      const manifest = await readManifest(dir);
      byName.delete(manifest.name);
      byName.set(manifest.name, { dir, manifest });
    } catch (error) {
      failures.push({ plugin: basename(dir), dir, message: describeThrown(error) });
    }
  }
  for (const { dir, manifest } of byName.values()) {
    const outcome = await loadMediaBackend(dir, manifest);
    if (outcome.kind === 'failed') failures.push({ plugin: manifest.name, dir, message: outcome.error.message });
    if (outcome.kind !== 'loaded') continue;
    // All of a plugin's processors or none: a name clash keeps the whole plugin out.
    const clash = outcome.registrations.find((registration) => registry.get(registration.name));
    if (clash) {
      const owner = registry.get(clash.name)?.plugin;
      failures.push({
        plugin: manifest.name,
        dir,
        message: `[${manifest.name}] expected a processor name not taken yet, but "${clash.name}" is already registered by plugin "${owner}"`,
      });
      continue;
    }
    for (const registration of outcome.registrations) registry.add(registration);
  }
  return { registry, failures, warnings: discovery.warnings };
}
