import { execFile } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { runCli, tempFolder } from '../cli/support/run-cli.ts';

const host = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * A generated plugin compiles with its own tsconfig, strict, against this host's public API.
 * `idah-plugin` is mapped to the host's source (as an installed package would provide it) and
 * the host's node_modules stand in for the plugin's own.
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
        },
      },
    }),
  );
  const tsc = promisify(execFile)(process.execPath, [host('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.check.json'], {
    cwd: pluginDir,
  });
  const result = await tsc.catch((error: { stdout: string; code: number }) => error);
  const errorsInPlugin = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('backends/') || line.startsWith('vitest.config'));
  expect(errorsInPlugin).toEqual([]);
});
