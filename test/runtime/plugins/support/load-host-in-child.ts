/**
 * Run by cli-path.test.ts in a child process under plain Node + tsx (as the CLI runs), never
 * under vitest: loads the plugin folders given as arguments and prints what happened as JSON.
 */
import { IdahPluginError } from '../../../../runtime/index.ts';
import { createLogger } from '../../../../runtime/logger.ts';
import { loadHost } from '../../../../runtime/plugins/host.ts';

const { registry, report } = await loadHost({
  pluginPaths: process.argv.slice(2),
  includeBundled: false,
  logger: createLogger('child', () => {}),
});

const exporterClasses = registry.list().map((registration) => registration.exporterClass as unknown as { hostErrorClass?: unknown });
process.stdout.write(
  JSON.stringify({
    loaded: report.plugins.map((plugin) => plugin.name),
    failures: report.failures.map((failure) => `${failure.plugin}: ${failure.message}`),
    exporterIds: registry.list().map((registration) => registration.id),
    formats: registry.formatsFor(['image']),
    sharesHostModules: exporterClasses.length > 0 && exporterClasses.every((cls) => cls.hostErrorClass === IdahPluginError),
  }),
);
