import { IdahPluginError } from '../../runtime/errors.ts';
import { PLUGIN_NAME_PATTERN } from '../../runtime/manifest/manifest-schema.ts';

export const PLUGIN_NAME_RULE =
  'kebab-case starting with a letter (lowercase letters and digits, words joined by single hyphens)';

export function isValidPluginName(name: string): boolean {
  return PLUGIN_NAME_PATTERN.test(name);
}

/** The closest valid name: `My_Plugin 2` -> `my-plugin-2`, `3d-tool` -> `plugin-3d-tool`. */
export function suggestPluginName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = words.join('-');
  if (!joined) return 'my-plugin';
  return /^[a-z]/.test(joined) ? joined : `plugin-${joined}`;
}

/** Throws a usage error that states the rule and suggests a valid name. */
export function assertValidPluginName(name: string): void {
  if (isValidPluginName(name)) return;
  throw new IdahPluginError(
    'USAGE',
    `plugin name ${JSON.stringify(name)} is not valid: expected ${PLUGIN_NAME_RULE}; ` +
      `try ${JSON.stringify(suggestPluginName(name))}`,
  );
}

/** `my-plugin` -> `MyPlugin`: the manifest's `backend.module` and the class prefix in exporter ids. */
export function pluginModuleName(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `my-plugin` -> `my_plugin`: the backend folder name. */
export function pluginFilename(name: string): string {
  return name.replaceAll('-', '_');
}
