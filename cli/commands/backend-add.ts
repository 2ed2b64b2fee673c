import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import type { CliEnvironment } from '../environment.ts';
import { askServices, missingServices } from '../prompts/plugin-answers.ts';
import { type PromptingEnvironment, prompterFor } from '../prompts/prompter.ts';
import { unlessCancelled } from '../prompts/unless-cancelled.ts';
import type { ChangeSet } from '../scaffold/change-set.ts';
import { dryRunOption, forceOption, serviceOption } from '../scaffold/command-options.ts';
import { DEFAULT_BACKEND_PATH, withBackendEntry } from '../scaffold/manifest-backend.ts';
import { assertValidPluginName, pluginModuleName } from '../scaffold/names.ts';
import { nextSteps } from '../scaffold/next-steps.ts';
import { backendChanges } from '../scaffold/plugin-changes.ts';
import { displayPath } from '../scaffold/report.ts';
import { runScaffold } from '../scaffold/run-scaffold.ts';
import { backendServices } from '../scaffold/templates.ts';
import { scaffoldVariables } from '../scaffold/variables.ts';
import type { CommandRegistrar } from './index.ts';

interface BackendAddOptions {
  service?: string[];
  dryRun?: boolean;
  force?: boolean;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Adds backends to an existing plugin, every placeholder filled from the plugin's own manifest. */
export async function addBackends(
  pluginName: string,
  basePath: string | undefined,
  options: BackendAddOptions,
  environment: PromptingEnvironment,
): Promise<void> {
  assertValidPluginName(pluginName);
  const pluginDir = resolve(environment.cwd, basePath ?? '.', pluginName);
  const manifest = await readManifest(pluginDir);
  const services = options.service ?? (environment.interactive ? await askServices(prompterFor(environment), backendServices()) : undefined);
  if (services === undefined) throw missingServices(backendServices(), '');
  if (services.length === 0) {
    environment.stdout.write('No services selected. Operation cancelled\n');
    return;
  }

  const declared = manifest.entryPoints.backend;
  const backendPath = declared?.path ?? DEFAULT_BACKEND_PATH;
  const module = declared?.module ?? pluginModuleName(manifest.name);
  const toAdd: string[] = [];
  for (const service of new Set(services)) {
    if (await exists(join(pluginDir, backendPath, service))) {
      environment.stdout.write(`Backend "${service}" already exists. Skipping.\n`);
    } else {
      toAdd.push(service);
    }
  }
  if (toAdd.length === 0) return;

  const variables = scaffoldVariables({
    name: manifest.name,
    displayName: manifest.title,
    description: manifest.description,
    version: manifest.version,
    module,
  });
  const changes: ChangeSet = await backendChanges(variables, toAdd, backendPath);
  if (!declared) {
    // The host finds backends through entryPoints.backend: a frontend-only plugin gains it now.
    const manifestText = await readFile(join(pluginDir, 'manifest.json'), 'utf8');
    changes.unshift({ path: 'manifest.json', contents: withBackendEntry(manifestText, module), whenDifferent: 'update' });
  }
  const outcome = await runScaffold({
    root: pluginDir,
    changes,
    force: Boolean(options.force),
    dryRun: Boolean(options.dryRun),
    environment,
  });
  if (!outcome.wrote) return;
  environment.stdout.write(`added ${toAdd.join(', ')} to ${displayPath(pluginDir, environment.cwd)}\n`);
  environment.stdout.write(nextSteps(pluginDir, manifest.name, environment.cwd, toAdd));
}

export const registerBackendCommand: CommandRegistrar = (program: Command, environment: CliEnvironment) => {
  const backend = program.command('backend').description("Manage a plugin's backends");
  backend
    .command('add')
    .description('Add backend services to an existing plugin (existing ones are skipped)')
    .argument('<plugin_name>', 'the plugin (its folder name)')
    .argument('[base_path]', 'the folder holding <plugin_name>/ (default: the current folder)')
    .addOption(serviceOption())
    .addOption(dryRunOption())
    .addOption(forceOption())
    .action(async (pluginName: string, basePath: string | undefined, options: BackendAddOptions) =>
      unlessCancelled(environment, () => addBackends(pluginName, basePath, options, environment)),
    );
};
