import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import { runBin } from './support/run-bin.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const PLUGIN_FILES = ['.gitignore', 'README.md', 'manifest.json', 'package.json', 'tsconfig.json', 'vitest.config.ts'];
const SYNC_FILES = ['export.test.ts', 'export.ts', 'sync.test.ts', 'sync.ts'].map((file) => `backends/sync/my_plugin/${file}`);
const MEDIA_FILES = ['media.test.ts', 'media.ts', 'options.ts', 'processor.ts'].map((file) => `backends/media/my_plugin/${file}`);

const hostRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('idah-plugin create', () => {
  it('refuses to write into the host\'s bundled plugins folder, and writes nothing', async () => {
    const bundled = join(hostRoot, 'plugins');
    for (const [argv, cwd] of [
      [['create', 'zz-user-plugin', bundled, '--yes', '--service', 'none'], await tempFolder()],
      [['create', 'zz-user-plugin', '--yes', '--service', 'none'], bundled],
      [['create', 'zz-user-plugin', '.', '--yes', '--service', 'none'], join(bundled, 'coco')],
    ] as const) {
      const run = await runCli([...argv], { cwd });
      expect(run.exitCode, run.stdout).toBe(2);
      expect(run.stderr).toContain("expected a folder outside this host's bundled plugins");
    }
    expect(existsSync(join(bundled, 'zz-user-plugin'))).toBe(false);
    expect(existsSync(join(bundled, 'coco', 'zz-user-plugin'))).toBe(false);
  });

  it('writes the plugin with the sync backend, and prints the path and the next commands', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['create', 'my-plugin', './plugins', '--yes', '--service', 'sync'], { cwd });

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(await filesUnder(join(cwd, 'plugins/my-plugin'))).toEqual([...PLUGIN_FILES, ...SYNC_FILES].sort());
    expect(run.stdout).toContain('created plugins/my-plugin\n');
    expect(run.stdout).toContain('idah-plugin test plugins/my-plugin');
    expect(run.stdout).toContain('idah-plugin export my-plugin --source demo.upd');
  });

  it('writes both backends, a manifest the host accepts, and fills every placeholder', async () => {
    const cwd = await tempFolder();
    const run = await runCli(
      ['create', 'my-plugin', '--title', 'My "Best" Plugin & Co', '--description', 'Boxes, as JSON', '--version', '1.2.3', '--service', 'sync,media'],
      { cwd },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const pluginDir = join(cwd, 'my-plugin');
    expect(await filesUnder(pluginDir)).toEqual([...PLUGIN_FILES, ...SYNC_FILES, ...MEDIA_FILES].sort());

    const manifest = await readManifest(pluginDir);
    expect(manifest).toMatchObject({
      name: 'my-plugin',
      title: 'My "Best" Plugin & Co',
      description: 'Boxes, as JSON',
      version: '1.2.3',
      modalities: [{ id: 'my-plugin' }],
      entryPoints: { backend: { module: 'MyPlugin', path: 'backends' } },
    });
    const packageJson = JSON.parse(await readFile(join(pluginDir, 'package.json'), 'utf8'));
    expect(packageJson).toMatchObject({ name: 'my-plugin', version: '1.2.3', scripts: { test: 'vitest run' } });
    expect(Object.keys(packageJson.dependencies)).toEqual(['idah-plugin']);
    // Not on a registry: the dependency is a path npm resolves, to this very host.
    const dependency = packageJson.dependencies['idah-plugin'] as string;
    expect(dependency).toMatch(/^file:/);
    expect(resolve(pluginDir, dependency.slice('file:'.length))).toBe(resolve(hostRoot));

    const exporter = await readFile(join(pluginDir, 'backends/sync/my_plugin/export.ts'), 'utf8');
    expect(exporter).toContain(`readonly name = "My \\"Best\\" Plugin & Co Export";`);
    for (const file of await filesUnder(pluginDir)) {
      expect(await readFile(join(pluginDir, file), 'utf8'), file).not.toMatch(/\{\{|&quot;|&amp;|&#x27;/);
    }
  });

  it('creates a frontend-only plugin without a backend declaration when no service is chosen', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['create', 'viewer', '--yes', '--service', 'none'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await filesUnder(join(cwd, 'viewer'))).toEqual(PLUGIN_FILES);
    expect((await readManifest(join(cwd, 'viewer'))).entryPoints.backend).toBeUndefined();
    expect(run.stdout).not.toContain('idah-plugin export');
  });

  it('suggests --plugins when the plugin is not under ./plugins', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['create', 'my-plugin', 'elsewhere', '--yes', '--service', 'sync'], { cwd });
    expect(run.stdout).toContain('idah-plugin export my-plugin --plugins elsewhere/my-plugin --source demo.upd');
  });

  describe('--dry-run', () => {
    it('prints the files it would create, writes nothing, and says so', async () => {
      const cwd = await tempFolder();
      const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'sync', '--dry-run'], { cwd });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(await readdir(cwd)).toEqual([]);
      for (const file of [...PLUGIN_FILES, ...SYNC_FILES]) expect(run.stdout).toContain(`create     my-plugin/${file}\n`);
      expect(run.stdout).toContain('dry run: nothing was written (10 to create)');
      expect(run.stdout).not.toContain('created');
    });

    it('reports the conflicts a real run would stop at, and exits 1', async () => {
      const cwd = await tempFolder();
      await runCli(['create', 'my-plugin', '--yes', '--service', 'none'], { cwd });
      await writeFile(join(cwd, 'my-plugin/README.md'), 'mine\n');
      const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none', '--dry-run'], { cwd });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/conflict +my-plugin\/README.md \(exists with other contents; --force overwrites it\)/);
      expect(run.stderr).toContain('dry run: nothing was written, and a real run would stop');
      expect(await readFile(join(cwd, 'my-plugin/README.md'), 'utf8')).toBe('mine\n');
    });
  });

  describe('existing files', () => {
    it('treats identical files as a no-op', async () => {
      const cwd = await tempFolder();
      await runCli(['create', 'my-plugin', '--yes', '--service', 'sync'], { cwd });
      const again = await runCli(['create', 'my-plugin', '--yes', '--service', 'sync'], { cwd });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/identical +my-plugin\/manifest.json/);
      expect(again.stdout).toContain('nothing to write: every file is already as it would be generated (10 identical)');
    });

    it('never overwrites a changed file without --force, and writes nothing at all then', async () => {
      const cwd = await tempFolder();
      await runCli(['create', 'my-plugin', '--yes', '--service', 'none'], { cwd });
      await writeFile(join(cwd, 'my-plugin/README.md'), 'my notes\n');
      await rm(join(cwd, 'my-plugin/tsconfig.json'));

      const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none'], { cwd });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/create +my-plugin\/tsconfig.json/);
      expect(run.stderr).toContain(
        'nothing was written: 1 file(s) already exist with other contents (my-plugin/README.md); pass --force to overwrite them',
      );
      expect(await readFile(join(cwd, 'my-plugin/README.md'), 'utf8')).toBe('my notes\n');
      // The file that did not conflict was not written either.
      expect(await filesUnder(join(cwd, 'my-plugin'))).not.toContain('tsconfig.json');
    });

    it('overwrites with --force', async () => {
      const cwd = await tempFolder();
      await runCli(['create', 'my-plugin', '--yes', '--service', 'none'], { cwd });
      await writeFile(join(cwd, 'my-plugin/README.md'), 'my notes\n');
      const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none', '--force'], { cwd });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/overwrite +my-plugin\/README.md/);
      expect(await readFile(join(cwd, 'my-plugin/README.md'), 'utf8')).toContain('# my-plugin');
    });
  });

  describe('usage errors (exit 2)', () => {
    it.each([
      ['My_Plugin', 'my-plugin'],
      ['3d-boxes', 'plugin-3d-boxes'],
      ['myPlugin', 'my-plugin'],
      ['my--plugin', 'my-plugin'],
    ])('rejects the name %s, stating the rule and suggesting %s', async (name, suggestion) => {
      const cwd = await tempFolder();
      const run = await runCli(['create', name, '--yes', '--service', 'none'], { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('kebab-case starting with a letter');
      expect(run.stderr).toContain(`try "${suggestion}"`);
      expect(await readdir(cwd)).toEqual([]);
    });

    it('without a terminal, names the missing --service instead of prompting', async () => {
      const cwd = await tempFolder();
      const run = await runCli(['create', 'my-plugin'], { cwd, interactive: false });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('no terminal to ask which backend services to add: pass --service sync|media (repeatable), --service none for none, or --yes for sync');
      expect(await readdir(cwd)).toEqual([]);
    });

    it('the real bin, its stdin a pipe, never prompts', { timeout: 30_000 }, async () => {
      const cwd = await tempFolder();
      const run = await runBin(['create', 'my-plugin'], { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('pass --service sync|media (repeatable), --service none for none, or --yes for sync');
    });

    it('rejects a version npm would not install', async () => {
      const cwd = await tempFolder();
      const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none', '--version', '1.0'], { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('--version: expected a semantic version such as 0.0.1, got "1.0"');
    });

    it('rejects an unknown service, listing the known ones', async () => {
      const cwd = await tempFolder();
      const run = await runCli(['create', 'my-plugin', '--service', 'sink'], { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('expected sync or media (or none), got "sink"');
    });
  });

  it('passes --version to create rather than printing the CLI version', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none', '--version', '2.0.0'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await readManifest(join(cwd, 'my-plugin'))).version).toBe('2.0.0');
  });
});
