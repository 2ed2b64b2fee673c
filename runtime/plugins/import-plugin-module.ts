import { pathToFileURL } from 'node:url';
import { installHostResolveHook, registerTypeScriptLoader, runsUnderVitest } from './module-hooks.ts';

let resolveHookInstalled = false;

function isTypeScriptNotLoadable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_UNKNOWN_FILE_EXTENSION' && typeof message === 'string' && /"\.[cm]?tsx?"/.test(message);
}

/**
 * Imports a plugin file by path. When the process cannot load TypeScript yet (no tsx loader),
 * registers tsx once and retries.
 */
export async function importPluginModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (runsUnderVitest()) return import(/* @vite-ignore */ url);
  if (!resolveHookInstalled) {
    installHostResolveHook();
    resolveHookInstalled = true;
  }
  try {
    return await import(/* @vite-ignore */ url);
  } catch (error) {
    if (!isTypeScriptNotLoadable(error) || !(await registerTypeScriptLoader())) throw error;
    // Node remembers the failed load under this URL; a query gives the retry a fresh entry.
    return await import(/* @vite-ignore */ `${url}?typescript`);
  }
}
