/**
 * `IDAH_PLUGIN_PATH` syntax: `;`-separated glob patterns or folders, empty parts ignored.
 * When nothing is configured, IDAH looks in `plugins/**` under the working directory.
 */
export const PLUGIN_PATH_ENV = 'IDAH_PLUGIN_PATH';
export const DEFAULT_PLUGIN_PATH = 'plugins/**';

/** Splits one `IDAH_PLUGIN_PATH` value, or a list whose items may themselves hold `;`. */
export function splitPluginPath(pluginPaths: string | readonly string[]): string[] {
  const items = typeof pluginPaths === 'string' ? [pluginPaths] : pluginPaths;
  return items
    .flatMap((item) => item.split(';'))
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
