// Lists the exporters of every plugin in a child process: a plugin whose loading hangs or
// ends the process takes only this child down, and the parent tries again without it.
import { basename } from 'node:path';
import { describeThrown } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { discoverPluginDirs } from '../plugins/discover.ts';
import { loadPlugins } from '../plugins/load-plugins.ts';
import { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV } from '../plugins/plugin-path.ts';
import { ExporterRegistry } from '../plugins/registry.ts';
import type { ListChildMessage, ListRequest } from './list-protocol.ts';

function send(message: ListChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const hostExit = process.exit.bind(process);
process.on('uncaughtException', () => hostExit(70));
process.on('unhandledRejection', () => hostExit(70));
process.on('disconnect', () => hostExit(0));

process.on('message', (request: ListRequest) => {
  void list(request).then(
    async (message) => {
      await send(message);
      hostExit(0);
    },
    async (error: unknown) => {
      await send({ type: 'failed', message: describeThrown(error) });
      hostExit(1);
    },
  );
});

async function list(request: ListRequest): Promise<ListChildMessage> {
  const fromEnvironment = process.env[PLUGIN_PATH_ENV];
  const configured = request.pluginPaths ?? (fromEnvironment?.trim() ? fromEnvironment : undefined);
  const discovery = await discoverPluginDirs({
    pluginPaths: configured ?? DEFAULT_PLUGIN_PATH,
    includeBundled: request.includeBundled ?? true,
    cwd: request.cwd,
    warnAboutEmptyPaths: configured !== undefined,
  });
  const registry = new ExporterRegistry();
  const report = await loadPlugins(
    discovery.pluginDirs.filter((dir) => !request.exclude.includes(dir)),
    {
      registry,
      logger: createLogger('idah-plugin', () => {}),
      initTimeoutMs: request.initTimeoutMs,
      onPluginLoading: (plugin) => void send({ type: 'loading', plugin: plugin.name, dir: plugin.dir }),
    },
  );
  return {
    type: 'listed',
    formats: request.modalities.length > 0 ? registry.formatsFor(request.modalities) : registry.formats(),
    failures: [
      ...report.failures.map(({ plugin, dir, code, message }) => ({ plugin, dir, code, message })),
      // Folders that look like plugins and cannot load are reported, as loadHost does.
      ...discovery.failures.map(({ dir, code, message }) => ({ plugin: basename(dir), dir, code, message })),
    ],
    warnings: [...discovery.warnings, ...report.warnings],
  };
}

void send({ type: 'ready' });
