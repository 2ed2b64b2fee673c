import { IdahPluginError } from '../errors.ts';
import type { MediaServiceContext, ProcessorDefinition } from './media-processor.ts';
import type { ProcessorRegistry } from './processor-registry.ts';
import { validateProcessorDefinition } from './validate-processor.ts';

export interface OpenMediaServiceContext {
  context: MediaServiceContext;
  /** Ends the registration window: `registerProcessor` after `init` returned is an error. */
  close(): void;
}

/** The context one plugin's `Media.init` receives; registrations go to `registry`. */
export function createMediaServiceContext(plugin: string, registry: ProcessorRegistry): OpenMediaServiceContext {
  let open = true;
  const context: MediaServiceContext = Object.freeze({
    plugin,
    registerProcessor<Options>(name: string, definition: ProcessorDefinition<Options>): void {
      if (!open) {
        throw new IdahPluginError(
          'REGISTRATION_INVALID',
          `registerProcessor("${String(name)}") was called after Media.init returned; register processors inside init`,
          { plugin },
        );
      }
      registry.add({ plugin, ...validateProcessorDefinition(plugin, name, definition) });
    },
  });
  return {
    context,
    close: () => {
      open = false;
    },
  };
}
