import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { IdahPluginError } from '../../runtime/errors.ts';
import type { CliEnvironment } from '../environment.ts';
import { runPluginTests } from '../plugin-tests/run-plugin-tests.ts';
import type { CommandRegistrar } from './index.ts';

/** Runs a plugin's tests with vitest; the command exits with vitest's status. */
export async function testPlugin(pluginPath: string | undefined, environment: CliEnvironment): Promise<void> {
  const pluginDir = resolve(environment.cwd, pluginPath ?? '.');
  const found = await stat(pluginDir).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new IdahPluginError('USAGE', `expected a plugin folder at ${pluginDir}, found ${found ? 'a file' : 'nothing'}`);
  }
  const result = await runPluginTests({
    pluginDir,
    stdout: environment.stdout,
    stderr: environment.stderr,
    note: (text) => environment.stderr.write(`note: ${text}\n`),
  });
  environment.exitCode = result.exitCode === 0 ? 0 : 1;
}

export const registerTestCommand: CommandRegistrar = (program: Command, environment: CliEnvironment) => {
  program
    .command('test')
    .description("Run a plugin's tests (vitest), with idah-plugin resolved to this host")
    .argument('[plugin_path]', 'the plugin folder (default: the current folder)')
    .action(async (pluginPath: string | undefined) => testPlugin(pluginPath, environment));
};
