import type { ChangeSet } from './change-set.ts';
import { DEFAULT_BACKEND_PATH, withBackendEntry } from './manifest-backend.ts';
import { renderTemplateFolder } from './render.ts';
import { backendTemplate, PLUGIN_TEMPLATE } from './templates.ts';
import type { ScaffoldVariables } from './variables.ts';

const MANIFEST = 'manifest.json';

/** A new plugin: the plugin template plus the chosen backends, paths relative to the plugin folder. */
export async function newPluginChanges(variables: ScaffoldVariables, services: readonly string[]): Promise<ChangeSet> {
  const changes = await renderTemplateFolder(PLUGIN_TEMPLATE, variables);
  if (services.length === 0) return changes; // frontend-only: no backend for the host to look for
  const manifest = changes.find((change) => change.path === MANIFEST);
  if (manifest) manifest.contents = withBackendEntry(String(manifest.contents), variables.pluginModule);
  return [...changes, ...(await backendChanges(variables, services, DEFAULT_BACKEND_PATH))];
}

/** The files of the given backends under `<backendPath>/<service>/`. */
export async function backendChanges(
  variables: ScaffoldVariables,
  services: readonly string[],
  backendPath: string,
): Promise<ChangeSet> {
  const changes: ChangeSet = [];
  for (const service of services) {
    changes.push(...(await renderTemplateFolder(backendTemplate(service), variables, `${backendPath}/${service}`)));
  }
  return changes;
}
