import { describeThrown, IdahPluginError } from '../errors.ts';
import { describeFoundValue } from '../manifest/describe-value.ts';
import type { MediaBackend, ProcessorRegistration } from './media-processor.ts';
import { createMediaServiceContext } from './media-service-context.ts';
import { ProcessorRegistry } from './processor-registry.ts';

/** Checks that a module's `Media` export is a class with a static `init(context)`. */
export function asMediaBackend(value: unknown, shownAs: string, plugin?: string): MediaBackend {
  const init = (value as { init?: unknown } | null | undefined)?.init;
  if ((typeof value !== 'function' && typeof value !== 'object') || value === null || typeof init !== 'function') {
    throw new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected ${shownAs} to be a class with a static init(context) method, found ${
        typeof value === 'function' ? `class ${value.name || '(anonymous)'} without init` : describeFoundValue(value)
      }`,
      { plugin },
    );
  }
  return value as MediaBackend;
}

/**
 * Runs `Media.init` with a fresh context. Its registrations are returned, not committed: a plugin
 * whose init fails half-way registers nothing. Throws PLUGIN_INIT_FAILED or REGISTRATION_INVALID.
 */
export async function initMediaBackend(plugin: string, backend: MediaBackend, shownAs: string): Promise<ProcessorRegistration[]> {
  const staging = new ProcessorRegistry();
  const { context, close } = createMediaServiceContext(plugin, staging);
  try {
    // Called as a method so `this` is the class inside a static init.
    await backend.init(context);
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code === 'REGISTRATION_INVALID' ? 'REGISTRATION_INVALID' : 'PLUGIN_INIT_FAILED';
    throw new IdahPluginError(code, `Media.init in ${shownAs} failed: ${describeThrown(cause)}`, { plugin, cause });
  } finally {
    close();
  }
  return staging.list();
}
