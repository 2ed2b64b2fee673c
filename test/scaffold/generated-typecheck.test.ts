import { execFile } from 'node:child_process';
import { readdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { runCli, tempFolder } from '../cli/support/run-cli.ts';

const host = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Every TypeScript file `create` wrote, relative to the plugin (node_modules left out). */
async function generatedTypeScript(pluginDir: string): Promise<string[]> {
  const entries = await readdir(pluginDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(pluginDir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('node_modules'))
    .sort();
}

/**
 * A generated plugin compiles with its own tsconfig, strict, against this host's public API.
 * `idah-plugin` is mapped to the host's source (as an installed package would provide it) and
 * the host's node_modules stand in for the plugin's own. tsc lists the files it checked: every
 * file the plugin was generated with must be among them (a tsconfig that checks nothing passes
 * nothing), and the check must end without a single error.
 */
it.each([[[] as string[]], [['--steps']]])('a generated plugin with both backends typechecks (flags %j)', { timeout: 120_000 }, async (flags) => {
  const cwd = await tempFolder();
  const created = await runCli(['create', 'my-plugin', '--yes', '--service', 'sync,media', ...flags], { cwd });
  expect(created.exitCode, created.stderr).toBe(0);
  const pluginDir = join(cwd, 'my-plugin');
  await symlink(host('node_modules'), join(pluginDir, 'node_modules'), 'dir');
  await writeFile(
    join(pluginDir, 'tsconfig.check.json'),
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: {
        paths: {
          'idah-plugin': [host('runtime/index.ts')],
          'idah-plugin/testing': [host('runtime/testing/index.ts')],
          'idah-plugin/host': [host('runtime/host.ts')],
        },
      },
    }),
  );
  const generated = await generatedTypeScript(pluginDir);
  expect(generated).toEqual(expect.arrayContaining(['vitest.config.ts', expect.stringMatching(/^backends\/sync\/.+\/export\.ts$/)]));
  const tsc = await promisify(execFile)(process.execPath, [host('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.check.json', '--listFiles'], {
    cwd: pluginDir,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout: string; code: number }) => error);
  const listed = tsc.stdout.split('\n').filter((line) => line.startsWith('/'));
  const errors = tsc.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  expect(errors).toEqual([]);
  const realPluginDir = await realpath(pluginDir);
  const checked = listed.filter((path) => path.startsWith(`${realPluginDir}/`)).map((path) => relative(realPluginDir, path));
  expect(checked.filter((path) => !path.startsWith('node_modules')).sort()).toEqual(generated);
});
