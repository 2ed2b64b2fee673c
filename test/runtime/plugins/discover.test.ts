import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_PLUGINS_DIR, discoverPluginDirs } from '../../../runtime/plugins/discover.ts';
import { manifestText, temporaryDir, writeTree } from './support/fixtures.ts';

describe('discoverPluginDirs', () => {
  let temporary: Awaited<ReturnType<typeof temporaryDir>>;
  let root: string;
  const at = (...segments: string[]) => join(root, ...segments);

  beforeAll(async () => {
    temporary = await temporaryDir();
    root = temporary.dir;
    await writeTree(root, {
      'user/zeta/manifest.json': manifestText('zeta'),
      'user/alpha/manifest.json': manifestText('alpha'),
      'user/group/beta/manifest.json': manifestText('beta'),
      'user/group/notes.txt': 'not a plugin',
      'user/node_modules/vendored/manifest.json': manifestText('vendored'),
      'user/alpha/node_modules/dep/manifest.json': manifestText('dep'),
      'user/.cache/cached/manifest.json': manifestText('cached'),
      'single/manifest.json': manifestText('single'),
      'single/nested/inner/manifest.json': manifestText('inner'),
      '.dotted/plugins/gamma/manifest.json': manifestText('gamma'),
      'empty/readme.md': '',
      'file.txt': '',
    });
  });
  afterAll(() => temporary.remove());

  const discover = (pluginPaths: string | string[]) => discoverPluginDirs({ pluginPaths, includeBundled: false, cwd: root });

  it('searches below a plain folder that has no manifest itself, sorted, skipping node_modules and dot-folders', async () => {
    expect(await discover(at('user'))).toEqual({
      pluginDirs: [at('user/alpha'), at('user/group/beta'), at('user/zeta')],
      warnings: [],
      failures: [],
    });
  });

  it('takes a plain folder holding a manifest.json as one plugin, without searching below it', async () => {
    expect((await discover(at('single'))).pluginDirs).toEqual([at('single')]);
  });

  it('takes a path to a manifest.json as its folder', async () => {
    expect((await discover(at('single/manifest.json'))).pluginDirs).toEqual([at('single')]);
  });

  it('globs one level with *', async () => {
    expect((await discover(`${at('user')}/*`)).pluginDirs).toEqual([at('user/alpha'), at('user/zeta')]);
  });

  it('globs every level with **, never entering node_modules or dot-folders', async () => {
    expect((await discover(`${at('user')}/**`)).pluginDirs).toEqual([at('user/alpha'), at('user/group/beta'), at('user/zeta')]);
  });

  it('expands braces, even across folder levels', async () => {
    expect((await discover('user/{zeta,group/beta}')).pluginDirs).toEqual([at('user/group/beta'), at('user/zeta')]);
  });

  it('resolves relative patterns against cwd', async () => {
    expect((await discover('user/*')).pluginDirs).toEqual([at('user/alpha'), at('user/zeta')]);
  });

  it('accepts a dot-folder named explicitly as the base of a pattern', async () => {
    expect((await discover('.dotted/plugins/*')).pluginDirs).toEqual([at('.dotted/plugins/gamma')]);
  });

  it('splits ;-separated lists, ignores empty parts, keeps pattern order and drops repeats', async () => {
    const result = await discover(`single;;  ;user/group/*;single;user/*;`);
    expect(result).toEqual({ pluginDirs: [at('single'), at('user/group/beta'), at('user/alpha'), at('user/zeta')], warnings: [], failures: [] });
  });

  it('accepts a list whose items may themselves hold ;', async () => {
    expect((await discover(['user/group/*;single', 'user/zeta'])).pluginDirs).toEqual([
      at('user/group/beta'),
      at('single'),
      at('user/zeta'),
    ]);
  });

  it('reports paths that do not exist or hold no plugin instead of throwing', async () => {
    const result = await discover('missing;missing-base/*;user/*/nothing-here;empty;file.txt;single');
    expect(result.pluginDirs).toEqual([at('single')]);
    expect(result.warnings).toEqual([
      `plugin path "missing" yields no plugin: ${at('missing')} does not exist`,
      `plugin path "missing-base/*" yields no plugin: folder ${at('missing-base')} does not exist`,
      'plugin path "user/*/nothing-here" yields no plugin: it matched no folder holding a manifest.json',
      `plugin path "empty" yields no plugin: no folder below ${at('empty')} holds a manifest.json`,
      `plugin path "file.txt" yields no plugin: expected a folder, found a file at ${at('file.txt')}`,
    ]);
  });

  it('can stay quiet about empty paths (for the default path)', async () => {
    const result = await discoverPluginDirs({ pluginPaths: 'missing', includeBundled: false, cwd: root, warnAboutEmptyPaths: false });
    expect(result).toEqual({ pluginDirs: [], warnings: [], failures: [] });
  });

  it('puts the bundled plugins first, so user plugins come after them', async () => {
    const bundled = [];
    for (const entry of (await readdir(BUNDLED_PLUGINS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory())) {
      if ((await readdir(join(BUNDLED_PLUGINS_DIR, entry.name))).includes('manifest.json')) bundled.push(join(BUNDLED_PLUGINS_DIR, entry.name));
    }
    const result = await discoverPluginDirs({ pluginPaths: at('single'), cwd: root });
    expect(result.pluginDirs).toEqual([...bundled.sort(), at('single')]);
  });

  it('finds the bundled plugins of this package next to runtime/', () => {
    expect(BUNDLED_PLUGINS_DIR).toBe(join(import.meta.dirname, '../../../plugins'));
  });
});
