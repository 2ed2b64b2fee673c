import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';

// The TypeScript sources ship in the package; vitest compiles them itself.
const hostFile = (path: string) => join(PACKAGE_ROOT, path);

/**
 * `idah-plugin`, `idah-plugin/testing` and `idah-plugin/host` mean THIS host wherever the plugin
 * lives, even in a folder with no node_modules (a plugin inside this checkout), as the CLI's loader does.
 */
export function hostAliases(): Array<{ find: RegExp; replacement: string }> {
  return [
    { find: /^idah-plugin\/testing$/, replacement: hostFile('runtime/testing/index.ts') },
    { find: /^idah-plugin\/host$/, replacement: hostFile('runtime/host.ts') },
    { find: /^idah-plugin$/, replacement: hostFile('runtime/index.ts') },
  ];
}
