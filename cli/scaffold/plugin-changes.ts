import type { ChangeSet } from './change-set.ts';
import { DEFAULT_BACKEND_PATH, withBackendEntry } from './manifest-backend.ts';
import { renderTemplateFolder } from './render.ts';
import { backendTemplate, PLUGIN_TEMPLATE, STEPS_SYNC_VARIANT } from './templates.ts';
import type { ScaffoldVariables } from './variables.ts';

const MANIFEST = 'manifest.json';

/**
 * A new plugin: the plugin template plus the chosen backends, paths relative to the plugin folder.
 * `steps`: the sync exporter is written as steps (the steps variant replaces its files).
 */
export async function newPluginChanges(variables: ScaffoldVariables, services: readonly string[], options: { steps?: boolean } = {}): Promise<ChangeSet> {
  const changes = await renderTemplateFolder(PLUGIN_TEMPLATE, variables);
  if (services.length === 0) return changes; // frontend-only: no backend for the host to look for
  const manifest = changes.find((change) => change.path === MANIFEST);
  if (manifest) manifest.contents = withBackendEntry(String(manifest.contents), variables.pluginModule);
  const backends = await backendChanges(variables, services, DEFAULT_BACKEND_PATH);
  if (!options.steps || !services.includes('sync')) return [...changes, ...backends];
  const variant = await renderTemplateFolder(STEPS_SYNC_VARIANT, variables, `${DEFAULT_BACKEND_PATH}/sync`);
  const replaced = new Set(variant.map((change) => change.path));
  return [...changes, ...backends.filter((change) => !replaced.has(change.path)), ...variant].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
