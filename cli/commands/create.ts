import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { IdahPluginError } from '../../runtime/errors.ts';
import type { CliEnvironment } from '../environment.ts';
import { type CreateFlags, resolveCreateAnswers } from '../prompts/plugin-answers.ts';
import { type PromptingEnvironment, prompterFor } from '../prompts/prompter.ts';
import { unlessCancelled } from '../prompts/unless-cancelled.ts';
import { dryRunOption, forceOption, serviceOption } from '../scaffold/command-options.ts';
import { assertOutsideBundledPlugins } from '../scaffold/bundled-folder.ts';
import { assertValidPluginName } from '../scaffold/names.ts';
import { nextSteps } from '../scaffold/next-steps.ts';
import { newPluginChanges } from '../scaffold/plugin-changes.ts';
import { displayPath } from '../scaffold/report.ts';
import { runScaffold } from '../scaffold/run-scaffold.ts';
import { backendServices } from '../scaffold/templates.ts';
import { scaffoldVariables } from '../scaffold/variables.ts';
import type { CommandRegistrar } from './index.ts';

interface CreateOptions extends CreateFlags {
  dryRun?: boolean;
  force?: boolean;
  steps?: boolean;
}

export async function createPlugin(
  pluginName: string,
  outputPath: string | undefined,
  options: CreateOptions,
  environment: PromptingEnvironment,
): Promise<void> {
  assertValidPluginName(pluginName);
  const pluginDir = resolve(environment.cwd, outputPath ?? '.', pluginName);
  assertOutsideBundledPlugins(pluginDir);
  if (willAsk(options, environment)) await refuseExistingFolder(pluginDir, environment.cwd, options);
  const answers = await resolveCreateAnswers(pluginName, options, backendServices(), {
    interactive: environment.interactive,
    prompter: () => prompterFor(environment),
  });
  if (options.steps && !answers.services.includes('sync')) {
    throw new IdahPluginError('USAGE', `--steps writes the sync exporter as steps: expected --service sync as well, got ${answers.services.length > 0 ? answers.services.join(', ') : 'no backend service'}`);
  }
  if (answers.servicesByDefault) {
    environment.stdout.write(`backend services: ${answers.services.join(', ')} (the default of --yes; --service media, --service sync,media or --service none to choose)\n`);
  }
  const variables = scaffoldVariables({ name: pluginName, ...answers }, pluginDir);
  const outcome = await runScaffold({
    root: pluginDir,
    changes: await newPluginChanges(variables, answers.services, { steps: Boolean(options.steps) }),
    force: Boolean(options.force),
    dryRun: Boolean(options.dryRun),
    environment,
  });
  if (!outcome.wrote) return;
  environment.stdout.write(`created ${displayPath(pluginDir, environment.cwd)}\n`);
  environment.stdout.write(nextSteps(pluginDir, pluginName, environment.cwd, answers.services));
}

/** Whether `create` will prompt: on a terminal, without --yes, for an answer no flag gives. */
function willAsk(options: CreateOptions, environment: PromptingEnvironment): boolean {
  if (!environment.interactive || options.yes) return false;
  return [options.title, options.description, options.version, options.service].some((given) => given === undefined);
}

/** A folder already there is said before the questions, not after them (a dry run or --force may go on). */
async function refuseExistingFolder(pluginDir: string, cwd: string, options: CreateOptions): Promise<void> {
  if (options.force || options.dryRun) return;
  const entries = await readdir(pluginDir).catch(() => undefined);
  if (!entries || entries.length === 0) return;
  throw new IdahPluginError(
    'USAGE',
    `expected a new plugin folder, but ${displayPath(pluginDir, cwd)} already exists and holds files; choose another name or output path, or pass --force to overwrite what create writes there (--dry-run shows it)`,
  );
}

export const registerCreateCommand: CommandRegistrar = (program: Command, environment: CliEnvironment) => {
  program
    .command('create')
    .description('Create a plugin folder: manifest, package, tests, and the backends chosen')
    .argument('<plugin_name>', 'kebab-case, starting with a letter (e.g. my-plugin)')
    .argument('[output_path]', 'the folder to create <plugin_name>/ in (default: the current folder)')
    .option('--title <display_name>', 'display name (default: the plugin name)')
    .option('--description <text>', 'a one-line description')
    .option('--version <semver>', 'the first version (default: 0.0.1)')
    .addOption(serviceOption())
    .option('--steps', 'write the sync exporter as steps (weighted progress, rollback, metrics and file logs)')
    .option('-y, --yes', 'take the default for every answer not given as a flag (backend services: sync); never prompt')
    .addOption(dryRunOption())
    .addOption(forceOption())
    .action(async (pluginName: string, outputPath: string | undefined, options: CreateOptions) =>
      unlessCancelled(environment, () => createPlugin(pluginName, outputPath, options, environment)),
    );
};
