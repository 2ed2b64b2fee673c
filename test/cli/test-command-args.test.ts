import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/wait-until.ts';
import { runBin } from './support/run-bin.ts';
import { runCli } from './support/run-cli.ts';
import { spawnBin } from './support/spawn-bin.ts';

const testFile = (cases: Record<string, string>) =>
  `import { expect, it } from 'vitest';\n${Object.entries(cases).map(([name, assertion]) => `it('${name}', () => { ${assertion} });`).join('\n')}\n`;
const output = (run: { stdout: string; stderr: string }) => stripVTControlCharacters(run.stdout + run.stderr);

let cwd: string;
let plugin: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-test-args-'));
  const created = await runCli(['create', 'my-plugin', '--yes', '--service', 'sync'], { cwd });
  expect(created.exitCode, created.stderr).toBe(0);
  plugin = join(cwd, 'my-plugin');
  await mkdir(join(plugin, 'backends/extra'));
  await writeFile(join(plugin, 'backends/extra/a.test.ts'), testFile({ alpha: 'expect(1).toBe(1);', beta: 'expect(2).toBe(2);' }));
  await writeFile(join(plugin, 'backends/extra/b.test.ts'), testFile({ gamma: 'expect(3).toBe(3);' }));
}, 60_000);

afterAll(() => rm(cwd, { recursive: true, force: true }));

// Each case runs the real bin in a process of its own, which starts its own vitest.
describe('idah-plugin test passes vitest arguments through', { timeout: 180_000 }, () => {
  it('-t runs only the tests whose name matches; a file filter only that file', async () => {
    const byName = await runBin(['test', 'my-plugin', '-t', 'alpha'], { cwd });
    expect(byName.exitCode).toBe(0);
    expect(output(byName)).toMatch(/Tests +1 passed \| \d+ skipped/);
    const byFile = await runBin(['test', 'my-plugin', 'extra/b.test'], { cwd });
    expect(byFile.exitCode).toBe(0);
    expect(output(byFile)).toMatch(/Test Files +1 passed \(1\)/);
    expect(output(byFile)).toMatch(/Tests +1 passed \(1\)/);
    // From inside the plugin, a first word that is a file is a filter, not the plugin folder.
    const inside = await runBin(['test', 'backends/extra/a.test.ts'], { cwd: plugin });
    expect(output(inside)).toMatch(/Tests +2 passed \(2\)/);
  });

  it('--coverage without its provider installed is a clear error saying how to install it', async () => {
    const run = await runBin(['test', 'my-plugin', '--coverage'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--coverage: expected the package @vitest\/coverage-v8 .*install it with: npm install --save-dev @vitest\/coverage-v8@\d+\.\d+\.\d+/);
  });

  it('--watch runs again when a test file changes, and Ctrl-C leaves nothing in the temp folder', async () => {
    const runTemp = await mkdtemp(join(tmpdir(), 'idah-test-watch-temp-'));
    const watching = spawnBin(['test', 'my-plugin', 'extra/b.test', '--watch'], { cwd, env: { TMPDIR: runTemp } });
    try {
      await waitUntil('the first run', () => /Waiting for file changes/.test(stripVTControlCharacters(watching.stdout())), 120_000);
      await writeFile(join(plugin, 'backends/extra/b.test.ts'), testFile({ gamma: 'expect(3).toBe(4);' }));
      await waitUntil('the run after the change', () => /Tests +1 failed/.test(stripVTControlCharacters(watching.stdout())), 60_000);
    } finally {
      watching.process.kill('SIGINT');
      await watching.exited;
      await writeFile(join(plugin, 'backends/extra/b.test.ts'), testFile({ gamma: 'expect(3).toBe(3);' }));
    }
    expect((await readdir(runTemp)).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
    await rm(runTemp, { recursive: true, force: true });
  });

  it('prints no colours into a pipe (unless FORCE_COLOR asks), and leaves nothing in the temp folder', async () => {
    const runTemp = await mkdtemp(join(tmpdir(), 'idah-test-args-temp-'));
    try {
      // NO_COLOR unset, as in a user's shell: the pipe alone must turn colours off.
      const piped = await runBin(['test', 'my-plugin'], { cwd, env: { NO_COLOR: undefined, TMPDIR: runTemp } });
      expect(piped.exitCode).toBe(0);
      expect(piped.stdout + piped.stderr).not.toContain('\u001b[');
      // The generated tests ran exports through the harness; its folders went with the run. tsx's cache may stay.
      expect((await readdir(runTemp)).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
      const forced = await runBin(['test', 'my-plugin', '-t', 'gamma'], { cwd, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expect(forced.stdout + forced.stderr).toContain('\u001b[');
    } finally {
      await rm(runTemp, { recursive: true, force: true });
    }
  });
});
