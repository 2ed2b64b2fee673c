import { IdahPluginError, describeThrown } from '../errors.ts';
import { describeFoundValue } from '../manifest/describe-value.ts';
import { importPluginModule } from './import-plugin-module.ts';
import { isRegistrationTypeError } from './registration-error.ts';
import type { SyncContext } from './sync-context.ts';

type SyncClass = { init(context: SyncContext): unknown };

function describeInitFailure(shownAs: string, thrown: unknown): string {
  return thrown instanceof Error
    ? `Sync.init in ${shownAs} failed: ${describeThrown(thrown)}`
    : `Sync.init in ${shownAs} threw a non-Error value: ${describeFoundValue(thrown)}`;
}

async function importSyncClass(file: string, shownAs: string): Promise<SyncClass> {
  let exports: Record<string, unknown>;
  try {
    exports = await importPluginModule(file);
  } catch (cause) {
    throw new IdahPluginError('PLUGIN_LOAD_FAILED', `could not import ${shownAs}: ${describeThrown(cause)}`, { cause });
  }
  const Sync = exports.Sync as { init?: unknown } | undefined;
  if (Sync === undefined) {
    const names = Object.keys(exports);
    throw new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected ${shownAs} to export a class named Sync, found ${names.length > 0 ? `only ${names.join(', ')}` : 'no exports'}`,
    );
  }
  if ((typeof Sync !== 'function' && typeof Sync !== 'object') || Sync === null) {
    throw new IdahPluginError('PLUGIN_LOAD_FAILED', `expected the Sync export of ${shownAs} to be a class, found ${describeFoundValue(Sync)}`);
  }
  if (typeof Sync.init !== 'function') {
    throw new IdahPluginError(
      'PLUGIN_LOAD_FAILED',
      `expected Sync in ${shownAs} to have a static init(context) method, found ${describeFoundValue(Sync.init)}`,
    );
  }
  return Sync as SyncClass;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Not unref'd: a promise that never settles leaves nothing else to keep the process alive.
    timer = setTimeout(() => reject(new Error(`it did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Imports one `sync.ts` and awaits `Sync.init(context)`. Throws an IdahPluginError whose code
 * says which step failed (PLUGIN_LOAD_FAILED, PLUGIN_INIT_FAILED, REGISTRATION_INVALID).
 */
export async function runSyncEntry(file: string, shownAs: string, context: SyncContext, initTimeoutMs: number): Promise<void> {
  // A top-level await that never settles is bounded too.
  const Sync = await withTimeout(importSyncClass(file, shownAs), initTimeoutMs).catch((cause: unknown) => {
    if (cause instanceof IdahPluginError) throw cause;
    throw new IdahPluginError('PLUGIN_LOAD_FAILED', `could not import ${shownAs}: ${describeThrown(cause)}`, { cause });
  });
  try {
    // Called as a method so `this` is the class inside a static init.
    await withTimeout(Promise.resolve().then(() => Sync.init(context)), initTimeoutMs);
  } catch (cause) {
    const code = isRegistrationTypeError(cause) ? 'REGISTRATION_INVALID' : 'PLUGIN_INIT_FAILED';
    throw new IdahPluginError(code, describeInitFailure(shownAs, cause), { cause });
  }
}
