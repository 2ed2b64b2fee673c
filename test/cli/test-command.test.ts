import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runBin } from './support/run-bin.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

const hostVitest = fileURLToPath(new URL('../../node_modules/vitest', import.meta.url));

async function frontendOnlyPlugin(cwd: string): Promise<string> {
  const run = await runCli(['create', 'my-plugin', '--yes', '--service', 'none'], { cwd });
  expect(run.exitCode, run.stderr).toBe(0);
  await mkdir(join(cwd, 'my-plugin/backends'));
  return join(cwd, 'my-plugin');
}

/** What vitest printed, without its colours. */
const output = (run: { stdout: string; stderr: string }) => stripVTControlCharacters(run.stdout + run.stderr);

const testFile = (assertion: string) => `import { expect, it } from 'vitest';\nit('checks', () => { ${assertion} });\n`;

// Each case runs the real bin in a process of its own, which starts its own vitest.
describe('idah-plugin test', { timeout: 120_000 }, () => {
  it('runs the tests of a freshly generated plugin, and they pass', async () => {
    const cwd = await tempFolder();
    const created = await runCli(['create', 'my-plugin', 'plugins', '--yes', '--service', 'sync,media'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);

    const run = await runBin(['test', 'plugins/my-plugin'], { cwd });
    expect(output(run)).toMatch(/Test Files .*3 passed/);
    expect(run.exitCode).toBe(0);
  });

  it('exits 1 when a test fails', async () => {
    const cwd = await tempFolder();
    const pluginDir = await frontendOnlyPlugin(cwd);
    await writeFile(join(pluginDir, 'backends/broken.test.ts'), testFile('expect(1 + 1).toBe(3);'));
    const run = await runBin(['test', 'my-plugin'], { cwd });
    expect(output(run)).toMatch(/Tests .*1 failed/);
    expect(run.exitCode).toBe(1);
  });

  it('in process, returns the status and leaves process.exitCode as it was', async () => {
    const cwd = await tempFolder();
    const pluginDir = await frontendOnlyPlugin(cwd);
    await writeFile(join(pluginDir, 'backends/broken.test.ts'), testFile('expect(1 + 1).toBe(3);'));
    const before = process.exitCode;
    const run = await runCli(['test', 'my-plugin'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(process.exitCode).toBe(before);
  });

  it("uses the plugin's own vitest config when vitest is installed for it", async () => {
    const cwd = await tempFolder();
    const pluginDir = await frontendOnlyPlugin(cwd);
    await mkdir(join(pluginDir, 'node_modules'));
    await symlink(hostVitest, join(pluginDir, 'node_modules/vitest'), 'dir');
    // The generated config includes backends/**/*.test.ts only: a test elsewhere is not run.
    await writeFile(join(pluginDir, 'backends/ok.test.ts'), testFile('expect(2).toBe(2);'));
    await writeFile(join(pluginDir, 'elsewhere.test.ts'), testFile('expect(1).toBe(2);'));
    const run = await runBin(['test'], { cwd: pluginDir });
    expect(run.stderr).not.toContain('note:');
    expect(output(run)).toMatch(/Tests .*1 passed/);
    expect(run.exitCode).toBe(0);
  });

  it('says when the plugin config cannot be used, and runs the backends tests anyway', async () => {
    const cwd = await tempFolder();
    const pluginDir = await frontendOnlyPlugin(cwd);
    await writeFile(join(pluginDir, 'backends/ok.test.ts'), testFile('expect(2).toBe(2);'));
    const run = await runBin(['test', 'my-plugin'], { cwd });
    expect(run.stderr).toContain('vitest.config.ts is not used: it imports vitest, which is not installed for this plugin');
    expect(run.exitCode).toBe(0);
  });

  it('is a usage error (exit 2) when the folder does not exist', async () => {
    const cwd = await tempFolder();
    const run = await runCli(['test', 'nowhere'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`expected a plugin folder at ${join(cwd, 'nowhere')}, found nothing`);
  });
});
