import { rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { IdahPluginError } from '../../runtime/errors.ts';
import type { CliEnvironment } from '../environment.ts';
import { runPluginTests } from '../plugin-tests/run-plugin-tests.ts';
import type { CommandRegistrar } from './index.ts';

const COVERAGE_PACKAGE = '@vitest/coverage-v8';

/**
 * Splits `test [plugin_path] [vitest arguments...]`: the first word is the plugin folder unless it
 * is an option or an existing file (then the folder is the current one and the file a filter).
 */
async function splitArguments(words: readonly string[], cwd: string): Promise<{ pluginDir: string; vitestArgs: string[] }> {
  const [first, ...rest] = words;
  if (first === undefined || first.startsWith('-')) return { pluginDir: cwd, vitestArgs: [...words] };
  const found = await stat(resolve(cwd, first)).catch(() => undefined);
  if (found?.isFile()) return { pluginDir: cwd, vitestArgs: [...words] };
  const pluginDir = resolve(cwd, first);
  if (!found?.isDirectory()) throw new IdahPluginError('USAGE', `expected a plugin folder at ${pluginDir}, found nothing`);
  return { pluginDir, vitestArgs: rest };
}

/** vitest's own command line parser, so every vitest flag means here what it means there. */
async function parseVitestArguments(args: string[]): Promise<{ filters: string[]; options: Record<string, unknown> }> {
  const { parseCLI } = await import('vitest/node');
  let parsed: ReturnType<typeof parseCLI>;
  try {
    parsed = parseCLI(['vitest', ...args]);
  } catch (error) {
    throw new IdahPluginError('USAGE', `vitest arguments: ${(error as Error).message}`);
  }
  // One-letter aliases (`t` for testNamePattern) and `--` are the parser's; vitest takes the long names.
  const options = Object.fromEntries(Object.entries(parsed.options).filter(([key]) => key.length > 1 && key !== '--'));
  return { filters: parsed.filter, options };
}

/** `--coverage` needs a provider vitest loads from the plugin or the host; say how to install it when neither has it. */
function checkCoverageProvider(pluginDir: string, options: Record<string, unknown>): void {
  const coverage = options.coverage as { enabled?: boolean; provider?: string } | undefined;
  if (!coverage?.enabled || (coverage.provider && coverage.provider !== 'v8')) return;
  const from = [join(pluginDir, 'package.json'), import.meta.url];
  if (from.some((base) => canResolve(base, `${COVERAGE_PACKAGE}/package.json`))) return;
  const vitestVersion = (createRequire(import.meta.url)('vitest/package.json') as { version: string }).version;
  throw new IdahPluginError(
    'USAGE',
    `--coverage: expected the package ${COVERAGE_PACKAGE} (vitest's coverage provider), found it installed neither for the plugin nor for this host; install it with: npm install --save-dev ${COVERAGE_PACKAGE}@${vitestVersion} (in ${pluginDir})`,
  );
}

function canResolve(base: string, specifier: string): boolean {
  try {
    createRequire(base).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets environment variables for the run and gives back a function that restores them:
 * no colours when stdout is no terminal (unless FORCE_COLOR asks), and a temp folder of the run's
 * own, removed afterwards, so whatever tests leave in the temp folder goes with it.
 */
async function runEnvironment(environment: CliEnvironment): Promise<() => Promise<void>> {
  const saved = { NO_COLOR: process.env.NO_COLOR, TMPDIR: process.env.TMPDIR };
  const runTemp = await mkdtemp(join(tmpdir(), 'idah-plugin-test-'));
  const piped = (environment.stdout as { isTTY?: boolean }).isTTY !== true;
  if (piped && environment.env.FORCE_COLOR === undefined) process.env.NO_COLOR = '1';
  process.env.TMPDIR = runTemp;
  // A watch ended by Ctrl-C exits without returning here.
  const removeOnExit = () => rmSync(runTemp, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  return async () => {
    process.off('exit', removeOnExit);
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(runTemp, { recursive: true, force: true });
  };
}

/** Runs a plugin's tests with vitest; the command exits with vitest's status. */
export async function testPlugin(words: readonly string[], environment: CliEnvironment): Promise<void> {
  const { pluginDir, vitestArgs } = await splitArguments(words, environment.cwd);
  // Before vitest loads: it chooses colours when it is imported.
  const restore = await runEnvironment(environment);
  try {
    const { filters, options } = await parseVitestArguments(vitestArgs);
    checkCoverageProvider(pluginDir, options);
    const result = await runPluginTests({
      pluginDir,
      filters,
      vitestOptions: options,
      stdout: environment.stdout,
      stderr: environment.stderr,
      note: (text) => environment.stderr.write(`note: ${text}\n`),
    });
    environment.exitCode = result.exitCode === 0 ? 0 : 1;
  } finally {
    await restore();
  }
}

export const registerTestCommand: CommandRegistrar = (program: Command, environment: CliEnvironment) => {
  program
    .command('test')
    .description("Run a plugin's tests (vitest), with idah-plugin resolved to this host")
    .argument('[plugin_path]', 'the plugin folder (default: the current folder)')
    .argument('[vitest_args...]', 'passed to vitest: test files, -t <name pattern>, --watch, --coverage, ... (see npx vitest --help)')
    .allowUnknownOption()
    .helpOption('-h, --help', 'show this help (vitest flags: npx vitest --help)')
    .action(async (_pluginPath: string | undefined, _vitestArgs: string[], _flags: unknown, command: Command) => testPlugin(command.args, environment));
};
