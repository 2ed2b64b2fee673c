import { IdahPluginError } from '../errors.ts';
import type { ProcessorRegistration } from './media-processor.ts';
import { mimeTypeMatches } from './validate-processor.ts';

/** Every media processor the loaded plugins registered, by name. */
export class ProcessorRegistry {
  readonly #byName = new Map<string, ProcessorRegistration>();

  add(registration: ProcessorRegistration): void {
    const existing = this.#byName.get(registration.name);
    if (existing) {
      throw new IdahPluginError(
        'REGISTRATION_INVALID',
        `registerProcessor: expected a processor name not taken yet, but "${registration.name}" is already registered by plugin "${existing.plugin}"`,
        { plugin: registration.plugin },
      );
    }
    this.#byName.set(registration.name, Object.freeze({ ...registration }));
  }

  /** All registrations, sorted by name. */
  list(): ProcessorRegistration[] {
    return [...this.#byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): ProcessorRegistration | undefined {
    return this.#byName.get(name);
  }

  /** The processors that handle a file of this MIME type. */
  forMimeType(mimeType: string): ProcessorRegistration[] {
    return this.list().filter((registration) => mimeTypeMatches(registration.mimeTypes, mimeType));
  }
}
