import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../runtime/plugins/load-plugins.ts';
import type { LoadReport, PluginFailure } from '../../../runtime/plugins/load-report.ts';
import { ExporterRegistry } from '../../../runtime/plugins/registry.ts';
import { fixturePlugin, manifestText, recordingLogger, temporaryDir, writeTree } from './support/fixtures.ts';

const GOOD = ['good-image', 'good-single'];

async function load(folders: string[], initTimeoutMs?: number) {
  const registry = new ExporterRegistry();
  const { logger, entries } = recordingLogger();
  const report = await loadPlugins(
    folders.map((folder) => fixturePlugin(folder)),
    { registry, logger, ...(initTimeoutMs ? { initTimeoutMs } : {}) },
  );
  return { registry, report, entries };
}

function failureOf(report: LoadReport, plugin: string): PluginFailure {
  const failure = report.failures.find((candidate) => candidate.plugin === plugin);
  if (!failure) throw new Error(`expected a failure for ${plugin}, found: ${JSON.stringify(report.failures.map((f) => f.plugin))}`);
  return failure;
}

describe('loadPlugins with good plugins', () => {
  it('registers every exporter under <Module>::<ClassName>', async () => {
    const { registry, report } = await load(GOOD);
    expect(report.failures).toEqual([]);
    expect(report.plugins.map((plugin) => [plugin.name, plugin.exporterIds])).toEqual([
      ['good-image', ['GoodImage::ImageBoxes', 'GoodImage::VideoFrames']],
      ['good-single', ['GoodSingle::TextLines']],
    ]);
    expect(registry.list().map((registration) => registration.id)).toEqual([
      'GoodImage::ImageBoxes',
      'GoodImage::VideoFrames',
      'GoodSingle::TextLines',
    ]);
  });

  it('gives init a context naming the plugin and a child logger named after it', async () => {
    const { registry, entries } = await load(['good-image']);
    expect(registry.get('GoodImage::ImageBoxes')?.plugin).toEqual({
      name: 'good-image',
      title: 'Good Image',
      version: '1.0.0',
      module: 'GoodImage',
      dir: fixturePlugin('good-image'),
    });
    expect(entries).toContainEqual(
      expect.objectContaining({ source: 'good-image', level: 'info', message: 'registering the exporters of Good Image 1.0.0' }),
    );
  });

  it('skips frontend-only plugins and plugins without a sync backend, with the reason', async () => {
    const { report } = await load(['frontend-only', 'no-sync']);
    expect(report.failures).toEqual([]);
    expect(report.plugins).toEqual([]);
    expect(report.skipped).toEqual([
      { plugin: 'frontend-only', dir: fixturePlugin('frontend-only'), reason: expect.stringContaining('frontend-only') },
      { plugin: 'no-sync', dir: fixturePlugin('no-sync'), reason: expect.stringContaining('no sync backend') },
    ]);
  });
});

describe('loadPlugins with broken plugins', () => {
  // Each row: fixture, expected code, words the message must contain.
  const cases: Array<[string, PluginFailure['code'], RegExp]> = [
    ['broken-missing-backend', 'PLUGIN_LOAD_FAILED', /expected the backend folder "server".*found nothing/],
    ['broken-empty-sync', 'PLUGIN_LOAD_FAILED', /expected at least one backends\/sync\/<name>\/sync\.ts, found none.*sync\.rb/],
    ['broken-syntax', 'PLUGIN_LOAD_FAILED', /could not import backends\/sync\/broken_syntax\/sync\.ts.*sync\.ts:5:/s],
    ['broken-import', 'PLUGIN_LOAD_FAILED', /could not import backends\/sync\/broken_import\/sync\.ts.*helper-that-does-not-exist/s],
    ['broken-no-sync-export', 'PLUGIN_LOAD_FAILED', /to export a class named Sync, found only Synk, version/],
    ['broken-no-init', 'PLUGIN_LOAD_FAILED', /expected Sync in .* to have a static init\(context\) method, found undefined/],
    ['broken-init-throws', 'PLUGIN_INIT_FAILED', /Sync\.init in .* failed: the license server is unreachable/],
    ['broken-init-rejects-string', 'PLUGIN_INIT_FAILED', /threw a non-Error value: string "no config file"/],
    ['broken-bad-selector', 'REGISTRATION_INVALID', /\[broken-bad-selector\] registerExports: expected a modality selector .*found number 42/],
    ['broken-non-class', 'REGISTRATION_INVALID', /\[broken-non-class\] registerExports: expected an exporter class .*found an object/],
    ['broken-invalid-exporter', 'REGISTRATION_INVALID', /HalfExport is not a valid exporter: name: expected a non-empty string, found number 42; export: expected a method export\(context\) \(or steps\), found undefined; options: expected a zod schema/],
    ['broken-swallowed-registration', 'REGISTRATION_INVALID', /made an invalid registration: .*found an empty array/],
  ];

  it.each(cases)('%s fails with %s and a readable cause, while the good plugins load', async (folder, code, message) => {
    const { registry, report, entries } = await load([GOOD[0] as string, folder, GOOD[1] as string]);
    const failure = failureOf(report, folder);
    expect(failure).toMatchObject({ plugin: folder, dir: fixturePlugin(folder), code });
    expect(failure.message).toMatch(message);
    expect(failure.message).not.toMatch(/\u001b\[/); // plain text, no terminal colors
    expect(report.failures).toHaveLength(1);
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(GOOD);
    expect(registry.list().every((registration) => registration.plugin.name !== folder)).toBe(true);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining(folder) }));
  });

  it('a bad manifest fails under the manifest name with every problem listed', async () => {
    const { report } = await load(['broken-manifest', 'good-single']);
    const failure = failureOf(report, 'broken-manifest');
    expect(failure.code).toBe('MANIFEST_INVALID');
    expect(failure.message).toContain('title: expected a string, found nothing (the field is missing)');
    expect(failure.message).toContain('entryPoints.backend.module: expected a string, found number 3');
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-single']);
  });

  it('a folder without a manifest fails under the folder name', async () => {
    const { report } = await load(['no-sync/backends', 'good-single']);
    expect(failureOf(report, 'backends').code).toBe('MANIFEST_NOT_FOUND');
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-single']);
  });

  it('an init that never settles fails after the timeout instead of hanging the host', async () => {
    const { report } = await load(['broken-init-hangs', 'good-single'], 200);
    const failure = failureOf(report, 'broken-init-hangs');
    expect(failure.code).toBe('PLUGIN_INIT_FAILED');
    expect(failure.message).toMatch(/did not finish within 200 ms/);
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(['good-single']);
  });

  it('an exporter id taken by another plugin fails the later plugin and keeps the first', async () => {
    const { registry, report } = await load(['good-single', 'broken-id-clash']);
    const failure = failureOf(report, 'broken-id-clash');
    expect(failure.code).toBe('REGISTRATION_INVALID');
    expect(failure.message).toMatch(/GoodSingle::TextLines is already registered by plugin "good-single"/);
    expect(registry.resolve('GoodSingle::TextLines').name).toBe('Text lines');
  });

  it('loads every broken fixture side by side without throwing', async () => {
    const broken = cases.map(([folder]) => folder);
    const { report } = await load([...broken, ...GOOD]);
    expect(report.failures.map((failure) => failure.plugin)).toEqual(broken);
    expect(report.plugins.map((plugin) => plugin.name)).toEqual(GOOD);
  });
});

describe('loadPlugins with a plugin that registers nothing', () => {
  it('loads it and warns that it offers no exporter', async () => {
    const temporary = await temporaryDir();
    try {
      await writeTree(temporary.dir, {
        'manifest.json': manifestText('idle-plugin', 'IdlePlugin'),
        'backends/sync/idle_plugin/sync.ts': 'export class Sync { static init() {} }\n',
      });
      const registry = new ExporterRegistry();
      const report = await loadPlugins([temporary.dir], { registry, logger: recordingLogger().logger });
      expect(report.plugins).toEqual([expect.objectContaining({ name: 'idle-plugin', exporterIds: [] })]);
      expect(report.warnings).toEqual([`plugin "idle-plugin" (${temporary.dir}) loaded but registered no exporter`]);
    } finally {
      await temporary.remove();
    }
  });
});
