import { createLogger, type LogEntry } from '../logger.ts';
import type { PluginInfo } from '../plugins/plugin-info.ts';
import type { ExporterRegistration } from '../plugins/registry.ts';
import { createRegistrationCollector } from '../plugins/sync-context.ts';
import type { SyncContext } from '../plugins/sync-context.ts';

export interface RegistrationsOfOptions {
  /** Who the plugin is; ids are `<module>::<ClassName>`. Defaults: name "test-plugin", module "TestPlugin". */
  plugin?: Partial<PluginInfo>;
  /** Receives what init logs. */
  logs?: LogEntry[];
}

/**
 * Calls `Sync.init` with the host's own registration context and returns what it registered,
 * validated exactly as the host validates it (a bad selector or class throws the same TypeError).
 */
export async function registrationsOf(
  SyncClass: { init(context: SyncContext): unknown },
  options: RegistrationsOfOptions = {},
): Promise<ExporterRegistration[]> {
  const plugin: PluginInfo = {
    name: 'test-plugin',
    title: 'Test Plugin',
    version: '0.0.0',
    module: 'TestPlugin',
    dir: process.cwd(),
    ...options.plugin,
  };
  const logger = createLogger(plugin.name, (entry) => options.logs?.push(entry));
  const collector = createRegistrationCollector(plugin, logger);
  try {
    await SyncClass.init(collector.context);
  } finally {
    collector.close();
  }
  if (collector.firstRejection) throw collector.firstRejection;
  return [...collector.registrations];
}
