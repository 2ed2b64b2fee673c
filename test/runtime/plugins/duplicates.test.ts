import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../runtime/plugins/load-plugins.ts';
import { ExporterRegistry } from '../../../runtime/plugins/registry.ts';
import { fixturePlugin, recordingLogger } from './support/fixtures.ts';

const FIRST = fixturePlugin('duplicates', 'first', 'dup');
const SECOND = fixturePlugin('duplicates', 'second', 'dup');

describe('the same plugin name twice', () => {
  it('keeps the later folder, never runs the earlier one, and warns in the report and the log', async () => {
    const registry = new ExporterRegistry();
    const { logger, entries } = recordingLogger();
    const report = await loadPlugins([FIRST, fixturePlugin('good-single'), SECOND], { registry, logger });

    expect(report.plugins.map((plugin) => [plugin.name, plugin.dir])).toEqual([
      ['good-single', fixturePlugin('good-single')],
      ['dup-plugin', SECOND],
    ]);
    expect(registry.resolve('dup-plugin').id).toBe('DupSecond::Export');
    expect(registry.get('DupFirst::Export')).toBeUndefined();
    const warning = `plugin "dup-plugin" is found twice: ${SECOND} replaces ${FIRST} (the later path wins)`;
    expect(report.warnings).toEqual([warning]);
    expect(report.skipped).toEqual([{ plugin: 'dup-plugin', dir: FIRST, reason: `replaced by the plugin of the same name at ${SECOND}` }]);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: warning }));
  });

  it('replaces the registrations of a plugin loaded earlier into the same registry', async () => {
    const registry = new ExporterRegistry();
    const logger = recordingLogger().logger;
    await loadPlugins([FIRST], { registry, logger });
    expect(registry.list().map((registration) => registration.id)).toEqual(['DupFirst::Export']);
    await loadPlugins([SECOND], { registry, logger });
    expect(registry.list().map((registration) => registration.id)).toEqual(['DupSecond::Export']);
  });
});
