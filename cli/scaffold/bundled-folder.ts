import { realpathSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { IdahPluginError } from '../../runtime/errors.ts';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';

/** This host's own plugins folder: what it ships and tests as its own, never a user's plugin. */
export const HOST_PLUGINS_FOLDER = resolve(PACKAGE_ROOT, 'plugins');

/** The real path of `path`, or of its nearest existing parent joined with the rest. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realPathOf(parent), relative(parent, path));
  }
}

/** A new plugin must not be written into the host's bundled plugins folder. */
export function assertOutsideBundledPlugins(pluginDir: string, bundled: string = HOST_PLUGINS_FOLDER): void {
  const inside = relative(realPathOf(bundled), realPathOf(pluginDir));
  if (inside === '' || inside.startsWith('..') || resolve(inside) === inside) return;
  throw new IdahPluginError(
    'USAGE',
    `expected a folder outside this host's bundled plugins (${bundled}), got ${pluginDir}: ` +
      'that folder ships and tests the host\'s own plugins. Create yours elsewhere, e.g. `idah-plugin create <name>` in your projects folder',
  );
}
