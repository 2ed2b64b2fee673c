import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_PLUGINS_DIR } from '../../../runtime/plugins/discover.ts';
import { loadHost } from '../../../runtime/plugins/host.ts';
import { PLUGIN_PATH_ENV } from '../../../runtime/plugins/plugin-path.ts';
import { fixturePlugin, manifestText, recordingLogger, temporaryDir, writeTree } from './support/fixtures.ts';

/** A plugin folder on disk whose one exporter is `<module>::UserExport`. */
function userPlugin(name: string, module: string): Record<string, string> {
  return {
    [`${name}/manifest.json`]: manifestText(name, module),
    [`${name}/backends/sync/${name.replaceAll('-', '_')}/sync.ts`]: `
      class UserExport {
        name = 'User export';
        description = 'Written by the test.';
        export() {}
      }
      export class Sync {
        static init(context) {
          context.registerExports(/.*/, UserExport);
        }
      }
    `,
  };
}

describe('loadHost', () => {
  let temporary: Awaited<ReturnType<typeof temporaryDir>>;
  let savedPluginPath: string | undefined;
  beforeEach(async () => {
    temporary = await temporaryDir();
    savedPluginPath = process.env[PLUGIN_PATH_ENV];
    delete process.env[PLUGIN_PATH_ENV];
  });
  afterEach(async () => {
    if (savedPluginPath === undefined) delete process.env[PLUGIN_PATH_ENV];
    else process.env[PLUGIN_PATH_ENV] = savedPluginPath;
    await temporary.remove();
  });

  it('loads the plugins of an IDAH_PLUGIN_PATH-style string into a registry', async () => {
    const { registry, report } = await loadHost({
      pluginPaths: `${fixturePlugin('good-image')};${fixturePlugin('broken-init-throws')};${fixturePlugin('frontend-only')}`,
      includeBundled: false,
      logger: recordingLogger().logger,
    });
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-image']);
    expect(report.failures.map((failure) => failure.plugin)).toEqual(['broken-init-throws']);
    expect(report.skipped.map((skipped) => skipped.plugin)).toEqual(['frontend-only']);
    expect(registry.formatsFor(['image']).map((format) => format.exporter)).toEqual(['GoodImage::ImageBoxes']);
  });

  it('reads IDAH_PLUGIN_PATH when no paths are given', async () => {
    process.env[PLUGIN_PATH_ENV] = `;${fixturePlugin('good-single')};`;
    const { report } = await loadHost({ includeBundled: false, logger: recordingLogger().logger });
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-single']);
  });

  it('falls back to plugins/** under cwd, quietly when it is absent', async () => {
    await writeTree(temporary.dir, userPlugin('local-plugin', 'LocalPlugin'));
    const withoutPlugins = await loadHost({ includeBundled: false, cwd: temporary.dir, logger: recordingLogger().logger });
    expect(withoutPlugins.report).toEqual({ plugins: [], failures: [], skipped: [], warnings: [] });

    await writeTree(join(temporary.dir, 'plugins'), userPlugin('local-plugin', 'LocalPlugin'));
    const withPlugins = await loadHost({ includeBundled: false, cwd: temporary.dir, logger: recordingLogger().logger });
    expect(withPlugins.registry.resolve('local-plugin').id).toBe('LocalPlugin::UserExport');
  });

  it('reports a missing path as a warning, in the report and the log, and keeps going', async () => {
    const { logger, entries } = recordingLogger();
    const missing = join(temporary.dir, 'nowhere');
    const { report } = await loadHost({ pluginPaths: [missing, fixturePlugin('good-single')], includeBundled: false, logger });
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-single']);
    expect(report.warnings).toEqual([`plugin path "${missing}" yields no plugin: ${missing} does not exist`]);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: report.warnings[0] }));
  });

  it('loads the bundled plugins first; a user plugin of the same name replaces one', async () => {
    const bundledNames: string[] = [];
    for (const folder of (await readdir(BUNDLED_PLUGINS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
      const manifest = await readFile(join(BUNDLED_PLUGINS_DIR, folder.name, 'manifest.json'), 'utf8').catch(() => undefined);
      if (manifest) bundledNames.push(JSON.parse(manifest).name);
    }
    expect(bundledNames.length, 'this test needs at least one bundled plugin').toBeGreaterThan(0);
    const overridden = bundledNames[0] as string;
    await writeTree(temporary.dir, userPlugin(overridden, 'UserOverride'));

    const { registry, report } = await loadHost({ pluginPaths: join(temporary.dir, overridden), logger: recordingLogger().logger });
    expect(report.failures).toEqual([]);
    expect(report.plugins.map((plugin) => plugin.name).sort()).toEqual([...bundledNames].sort());
    expect(registry.resolve(overridden).id).toBe('UserOverride::UserExport');
    expect(report.warnings).toEqual([expect.stringContaining(`plugin "${overridden}" is found twice: ${join(temporary.dir, overridden)} replaces`)]);
  });
});
