import { register } from 'node:module';
import { HOST_MODULE_EXTENSION } from '../package-root.ts';

/**
 * Under the CLI (plain Node + tsx) a plugin anywhere on disk, even in a folder with its own
 * package.json and no node_modules, imports `idah-plugin`. A resolve hook maps that name to
 * this package's source, so plugin and host share one module instance.
 * Under vitest, vite already aliases the name (vitest.config.ts) and owns module loading.
 */

function hostEntryPoints(): Record<string, string> {
  return {
    'idah-plugin': new URL(`../index${HOST_MODULE_EXTENSION}`, import.meta.url).href,
    'idah-plugin/testing': new URL(`../testing/index${HOST_MODULE_EXTENSION}`, import.meta.url).href,
    'idah-plugin/host': new URL(`../host${HOST_MODULE_EXTENSION}`, import.meta.url).href,
  };
}

export function runsUnderVitest(): boolean {
  // vite's module runner gives modules an `import.meta.env`; Node never does. Both checks
  // together keep a child process that merely inherited VITEST=true on the Node path.
  return Boolean(process.env.VITEST) && typeof (import.meta as { env?: unknown }).env === 'object';
}

/** Installs the resolve hook. Hooks added later run first: call again after tsx registers. */
export function installHostResolveHook(): void {
  register(new URL('./resolve-hooks.mjs', import.meta.url), {
    data: { hostEntryPoints: hostEntryPoints() },
  });
}

let typeScriptLoaderRegistered = false;

/**
 * Registers tsx's ESM loader once, then puts our resolve hook back in front of it.
 * Returns false when that was already done (so a retry would not help).
 */
export async function registerTypeScriptLoader(): Promise<boolean> {
  if (typeScriptLoaderRegistered) return false;
  typeScriptLoaderRegistered = true;
  const tsx = await import('tsx/esm/api');
  tsx.register();
  installHostResolveHook();
  return true;
}
