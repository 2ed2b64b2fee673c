import type { ExporterClass, ModalitySelector } from '../exporter.ts';
import type { Logger } from '../logger.ts';
import { type PluginInfo, exporterIdOf } from './plugin-info.ts';
import { type RegistrationTypeError, registrationTypeError } from './registration-error.ts';
import type { ExporterRegistration } from './registry.ts';
import { describeExporterClass, validateSelector } from './validate-registration.ts';

/** What `Sync.init(context)` receives. */
export interface SyncContext {
  readonly plugin: PluginInfo;
  /** A logger named after the plugin. */
  readonly logger: Logger;
  /**
   * Offers `ExporterClass` for datasets whose modality matches `selector` (a string, a RegExp,
   * or an array of those). A bad argument throws a TypeError at once.
   */
  registerExports(selector: ModalitySelector, exporterClass: ExporterClass): void;
}

/**
 * Collects a plugin's registrations during `init`; the loader commits them to the registry
 * only if init succeeded, so a plugin is never half registered.
 */
export interface RegistrationCollector {
  readonly context: SyncContext;
  readonly registrations: readonly ExporterRegistration[];
  /** The first rejected call, even if the plugin caught the TypeError. */
  readonly firstRejection: RegistrationTypeError | undefined;
  /** Ends the init window: later calls are logged and ignored. */
  close(): void;
}

export function createRegistrationCollector(plugin: PluginInfo, logger: Logger): RegistrationCollector {
  const registrations: ExporterRegistration[] = [];
  let firstRejection: RegistrationTypeError | undefined;
  let closed = false;

  const reject = (error: RegistrationTypeError): never => {
    firstRejection ??= error;
    throw error;
  };

  const registerExports = (selector: unknown, exporterClass: unknown): void => {
    if (closed) {
      // Logged, not thrown: a late call usually runs in the plugin's own timer or promise,
      // where a throw would be an uncaught exception that takes the whole host down.
      logger.error('registerExports was called after Sync.init finished and is ignored; expected every registration inside init');
      return;
    }
    try {
      const checkedSelector = validateSelector(plugin.name, selector);
      const exporter = describeExporterClass(plugin.name, exporterClass);
      const id = exporterIdOf(plugin.module, exporter.className);
      if (registrations.some((registration) => registration.id === id)) {
        throw registrationTypeError(
          plugin.name,
          `exporter ${id} is already registered; expected one registration per class (pass an array of selectors to serve several modalities)`,
        );
      }
      registrations.push(
        Object.freeze({
          id,
          plugin,
          selector: checkedSelector,
          exporterClass: exporterClass as ExporterClass,
          name: exporter.name,
          description: exporter.description,
          ...(exporter.optionsSchema ? { optionsSchema: exporter.optionsSchema } : {}),
        }),
      );
    } catch (error) {
      reject(error as RegistrationTypeError);
    }
  };

  const context: SyncContext = Object.freeze({ plugin, logger, registerExports });
  return {
    context,
    registrations,
    get firstRejection() {
      return firstRejection;
    },
    close() {
      closed = true;
    },
  };
}
