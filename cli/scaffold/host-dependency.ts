import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';
import { packageVersion } from '../package-info.ts';

/**
 * The `idah-plugin` dependency a new plugin's package.json gets, in a form npm resolves wherever
 * the plugin is: `^<version>` when this host was installed from a registry, else a `file:` path
 * to this host's folder (a git checkout, a tarball or a linked install), as project templates do.
 */
export function hostDependencySpec(pluginDir: string, hostRoot: string = PACKAGE_ROOT): string {
  if (installedFromRegistry(hostRoot)) return `^${packageVersion()}`;
  const path = relative(pluginDir, hostRoot).split(sep).join('/') || '.';
  return `file:${path.startsWith('.') ? path : `./${path}`}`;
}

/** True when npm's record of the project that installed this host names a registry tarball. */
function installedFromRegistry(hostRoot: string): boolean {
  const nodeModules = dirname(hostRoot.replace(/[\\/]+$/, ''));
  if (!/[\\/]node_modules$/.test(nodeModules)) return false;
  try {
    const lock = JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, { resolved?: string }>;
    };
    return /^https?:/.test(lock.packages?.['node_modules/idah-plugin']?.resolved ?? '');
  } catch {
    return false;
  }
}
