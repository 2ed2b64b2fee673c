import { readManifest } from '../manifest/read-manifest.ts';
import { discoverPluginDirs } from '../plugins/discover.ts';
import { DEFAULT_PLUGIN_PATH, PLUGIN_PATH_ENV } from '../plugins/plugin-path.ts';

/**
 * The plugin folders that can hold `reference` (a plugin's name, or an id whose module is the
 * plugin's `entryPoints.backend.module`), found by reading manifests only. An export's child
 * runs the code of those plugins alone, so another plugin's hang or global pollution cannot
 * reach it. Undefined when no manifest matches (then everything loads, for the usual error).
 */
export async function pluginDirsFor(
  reference: string,
  plugins: { paths?: string | string[]; cwd: string; includeBundled?: boolean },
): Promise<string[] | undefined> {
  const fromEnvironment = process.env[PLUGIN_PATH_ENV];
  const configured = plugins.paths ?? (fromEnvironment?.trim() ? fromEnvironment : undefined);
  const { pluginDirs } = await discoverPluginDirs({
    pluginPaths: configured ?? DEFAULT_PLUGIN_PATH,
    includeBundled: plugins.includeBundled ?? true,
    cwd: plugins.cwd,
    warnAboutEmptyPaths: false,
  });
  const module = reference.includes('::') ? reference.slice(0, reference.indexOf('::')) : undefined;
  const chosen: string[] = [];
  for (const dir of pluginDirs) {
    const manifest = await readManifest(dir).catch(() => undefined);
    if (!manifest) continue;
    if (manifest.name === reference || (module !== undefined && manifest.entryPoints.backend?.module === module)) chosen.push(dir);
  }
  return chosen.length > 0 ? chosen : undefined;
}
