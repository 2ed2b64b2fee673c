import { basename } from 'node:path';
import { type Logger, createLogger, stderrSink } from '../logger.ts';
import { discoverPluginDirs } from './discover.ts';
import type { LoadReport } from './load-report.ts';
import { loadPlugins } from './load-plugins.ts';
import { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV } from './plugin-path.ts';
import { ExporterRegistry } from './registry.ts';

export interface LoadHostOptions {
  /** `IDAH_PLUGIN_PATH` syntax or a list of the same. Default: `$IDAH_PLUGIN_PATH`, else `plugins/**`. */
  pluginPaths?: string | readonly string[];
  /** Load the plugins bundled with this package first. Default true. */
  includeBundled?: boolean;
  logger?: Logger;
  /** Where relative plugin paths start. Default `process.cwd()`. */
  cwd?: string;
  initTimeoutMs?: number;
  /** Told before each plugin's backend runs. */
  onPluginLoading?: (plugin: { name: string; dir: string }) => void;
}

export interface Host {
  registry: ExporterRegistry;
  report: LoadReport;
}

/** Discovers and loads every plugin: one call from nothing to a registry ready for exports. */
export async function loadHost(options: LoadHostOptions = {}): Promise<Host> {
  const logger = options.logger ?? createLogger('idah-plugin', stderrSink, 'info');
  const fromEnvironment = process.env[PLUGIN_PATH_ENV];
  const configured = options.pluginPaths ?? (fromEnvironment?.trim() ? fromEnvironment : undefined);
  const discovery = await discoverPluginDirs({
    pluginPaths: configured ?? DEFAULT_PLUGIN_PATH,
    includeBundled: options.includeBundled ?? true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // The default path is a convention, not a request: its absence is no news.
    warnAboutEmptyPaths: configured !== undefined,
  });
  for (const warning of discovery.warnings) logger.warn(warning);
  const registry = new ExporterRegistry();
  const report = await loadPlugins(discovery.pluginDirs, {
    registry,
    logger,
    ...(options.initTimeoutMs ? { initTimeoutMs: options.initTimeoutMs } : {}),
    ...(options.onPluginLoading ? { onPluginLoading: options.onPluginLoading } : {}),
  });
  report.warnings.unshift(...discovery.warnings);
  // Folders that look like plugins and cannot load are failures like any other, never skipped in silence.
  for (const failure of discovery.failures) {
    logger.error(`plugin "${basename(failure.dir)}" failed to load (${failure.code}): ${failure.message}`);
    report.failures.push({ plugin: basename(failure.dir), ...failure });
  }
  return { registry, report };
}
