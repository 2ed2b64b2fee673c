import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import { runCli, tempFolder } from './support/run-cli.ts';
import { scriptedPrompter } from './support/scripted-prompter.ts';

async function createPlugin(cwd: string, ...flags: string[]) {
  const run = await runCli(['create', 'my-plugin', 'plugins', '--title', 'Cat Boxes', ...flags], { cwd });
  expect(run.exitCode, run.stderr).toBe(0);
  return join(cwd, 'plugins/my-plugin');
}

describe('idah-plugin backend add', () => {
  it('adds a backend with every placeholder filled from the manifest (the display name included)', async () => {
    const cwd = await tempFolder();
    const pluginDir = await createPlugin(cwd, '--service', 'media');
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'sync'], { cwd });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readdir(join(pluginDir, 'backends/sync/my_plugin'))).toEqual([
      'export.test.ts',
      'export.ts',
      'sync.test.ts',
      'sync.ts',
    ]);
    const exporter = await readFile(join(pluginDir, 'backends/sync/my_plugin/export.ts'), 'utf8');
    expect(exporter).toContain('readonly name = "Cat Boxes Export";');
    expect(exporter).toContain('readonly description = "Export data in Cat Boxes format.";');
    expect(exporter).not.toContain('{{');
    expect(run.stdout).toContain('added sync to plugins/my-plugin');
    expect(run.stdout).toContain('idah-plugin test plugins/my-plugin');
  });

  it('takes the module and backend path from the manifest', async () => {
    const cwd = await tempFolder();
    const pluginDir = await createPlugin(cwd, '--service', 'sync');
    const manifest = JSON.parse(await readFile(join(pluginDir, 'manifest.json'), 'utf8'));
    manifest.entryPoints.backend = { module: 'CatBoxes', path: 'server' };
    await writeFile(join(pluginDir, 'manifest.json'), JSON.stringify(manifest));

    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'media'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readdir(join(pluginDir, 'server/media/my_plugin'))).toContain('media.ts');
  });

  it('skips a backend that exists, with a message, and exits 0', async () => {
    const cwd = await tempFolder();
    const pluginDir = await createPlugin(cwd, '--service', 'sync');
    const before = await readFile(join(pluginDir, 'backends/sync/my_plugin/export.ts'), 'utf8');
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'sync'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('Backend "sync" already exists. Skipping.\n');
    expect(await readFile(join(pluginDir, 'backends/sync/my_plugin/export.ts'), 'utf8')).toBe(before);
  });

  it('adds the backend declaration to a frontend-only plugin', async () => {
    const cwd = await tempFolder();
    const pluginDir = await createPlugin(cwd, '--yes', '--service', 'none');
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'sync'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/update +plugins\/my-plugin\/manifest.json/);
    const manifest = await readManifest(pluginDir);
    expect(manifest.entryPoints.backend).toEqual({ module: 'MyPlugin', path: 'backends' });
    expect(manifest.title).toBe('Cat Boxes');
  });

  it('with --dry-run shows the plan and writes nothing', async () => {
    const cwd = await tempFolder();
    const pluginDir = await createPlugin(cwd, '--yes', '--service', 'none');
    const manifestBefore = await readFile(join(pluginDir, 'manifest.json'), 'utf8');
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'media', '--dry-run'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('dry run: nothing was written (4 to create, 1 to update)');
    expect(await readdir(pluginDir)).not.toContain('backends');
    expect(await readFile(join(pluginDir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
  });

  it('asks which services on a terminal; none selected cancels', async () => {
    const cwd = await tempFolder();
    await createPlugin(cwd, '--yes', '--service', 'none');
    const prompter = scriptedPrompter([[]]);
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins'], { cwd, interactive: true, prompter });
    expect(run.exitCode).toBe(0);
    expect(prompter.asked.map((question) => question.kind)).toEqual(['multiselect']);
    expect(run.stdout).toBe('No services selected. Operation cancelled\n');
  });

  it('without a terminal, names the missing --service (exit 2)', async () => {
    const cwd = await tempFolder();
    await createPlugin(cwd, '--yes', '--service', 'none');
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('pass --service sync|media (repeatable)');
  });

  it('fails (exit 1) when there is no plugin there', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['backend', 'add', 'my-plugin', 'plugins', '--service', 'sync'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`expected a manifest.json in ${join(cwd, 'plugins/my-plugin')}, found none`);
  });
});
