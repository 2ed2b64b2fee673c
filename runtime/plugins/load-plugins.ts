import { basename } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { IdahPluginError, describeThrown } from '../errors.ts';
import { type Logger, createLogger, stderrSink } from '../logger.ts';
import type { Manifest } from '../manifest/manifest-schema.ts';
import { readManifest } from '../manifest/read-manifest.ts';
import { loadPluginBackend } from './load-plugin-backend.ts';
import type { LoadReport, PluginFailure } from './load-report.ts';
import type { ExporterRegistry } from './registry.ts';
import { DEFAULT_INIT_TIMEOUT_MS } from './init-timeout.ts';

export interface LoadPluginsOptions {
  /** Where the loaded exporters go; a plugin already in it is replaced. */
  registry: ExporterRegistry;
  logger?: Logger;
  /** How long one `Sync.init` may take before the plugin counts as failed. */
  initTimeoutMs?: number;
  /** Told before each plugin's backend runs (an isolated host names a plugin that hangs). */
  onPluginLoading?: (plugin: { name: string; dir: string }) => void;
}

interface ReadPlugin {
  dir: string;
  manifest: Manifest;
}

function failureOf(plugin: string, dir: string, error: unknown): PluginFailure {
  // Transpiler errors come colored for a terminal; a report is plain text.
  if (error instanceof IdahPluginError) {
    return { plugin, dir, code: error.code, message: stripVTControlCharacters(error.message), cause: error.cause ?? error };
  }
  return { plugin, dir, code: 'PLUGIN_LOAD_FAILED', message: stripVTControlCharacters(describeThrown(error)), cause: error };
}

/** Reads every manifest; the same name twice keeps the later folder (as IDAH does). */
async function readPlugins(pluginDirs: readonly string[], report: LoadReport): Promise<ReadPlugin[]> {
  const byName = new Map<string, ReadPlugin>();
  for (const dir of pluginDirs) {
    try {
      const manifest = await readManifest(dir);
      const earlier = byName.get(manifest.name);
      if (earlier) {
        report.warnings.push(`plugin "${manifest.name}" is found twice: ${dir} replaces ${earlier.dir} (the later path wins)`);
        report.skipped.push({ plugin: manifest.name, dir: earlier.dir, reason: `replaced by the plugin of the same name at ${dir}` });
        byName.delete(manifest.name); // re-inserted below: load order follows the winning path
      }
      byName.set(manifest.name, { dir, manifest });
    } catch (error) {
      const named = error instanceof IdahPluginError ? error.details?.pluginName : undefined;
      report.failures.push(failureOf(typeof named === 'string' ? named : basename(dir), dir, error));
    }
  }
  return [...byName.values()];
}

/** The first exporter id this plugin would take from another plugin already registered. */
function findIdClash(registry: ExporterRegistry, name: string, ids: readonly string[]): string | undefined {
  for (const id of ids) {
    const owner = registry.get(id)?.plugin;
    if (owner && owner.name !== name) return `exporter id ${id} is already registered by plugin "${owner.name}" (${owner.dir}); expected a different entryPoints.backend.module`;
  }
  return undefined;
}

/**
 * Loads plugin folders into the registry. Nothing a plugin does is thrown out of here:
 * every problem ends up in the report, and the other plugins load.
 */
export async function loadPlugins(pluginDirs: readonly string[], options: LoadPluginsOptions): Promise<LoadReport> {
  const logger = options.logger ?? createLogger('idah-plugin', stderrSink, 'info');
  const report: LoadReport = { plugins: [], failures: [], skipped: [], warnings: [] };

  for (const { dir, manifest } of await readPlugins(pluginDirs, report)) {
    options.onPluginLoading?.({ name: manifest.name, dir });
    const outcome = await loadPluginBackend(dir, manifest, {
      logger: logger.child(manifest.name),
      initTimeoutMs: options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
    }).catch((error: unknown) => ({ kind: 'failed' as const, error })); // e.g. an unreadable folder
    if (outcome.kind === 'skipped') {
      report.skipped.push({ plugin: manifest.name, dir, reason: outcome.reason });
      continue;
    }
    if (outcome.kind === 'failed') {
      report.failures.push(failureOf(manifest.name, dir, outcome.error));
      continue;
    }
    const ids = outcome.registrations.map((registration) => registration.id);
    const clash = findIdClash(options.registry, manifest.name, ids);
    if (clash) {
      report.failures.push(failureOf(manifest.name, dir, new IdahPluginError('REGISTRATION_INVALID', clash)));
      continue;
    }
    options.registry.removePlugin(manifest.name);
    for (const registration of outcome.registrations) options.registry.add(registration);
    if (ids.length === 0) report.warnings.push(`plugin "${manifest.name}" (${dir}) loaded but registered no exporter`);
    report.plugins.push({ name: manifest.name, dir, manifest, exporterIds: ids });
  }

  for (const warning of report.warnings) logger.warn(warning);
  for (const failure of report.failures) logger.error(`plugin "${failure.plugin}" failed to load (${failure.code}): ${failure.message}`);
  for (const skipped of report.skipped) logger.debug(`plugin "${skipped.plugin}" skipped: ${skipped.reason}`);
  return report;
}
