import { asMediaBackend, initMediaBackend } from './init-media-backend.ts';
import type { MediaProcessorClass } from './media-processor.ts';
import type { ZodType } from 'zod';

export interface MediaRegistrationView {
  name: string;
  processor: MediaProcessorClass;
  options: ZodType | undefined;
  mimeTypes: readonly string[];
}

/**
 * For plugin tests: what `Media.init` registers, through the host's real media context
 * (so an invalid registration fails the test exactly as it would fail the host).
 */
export async function registrationsOfMedia(mediaClass: unknown, plugin = 'plugin-under-test'): Promise<MediaRegistrationView[]> {
  const backend = asMediaBackend(mediaClass, 'the class given to registrationsOfMedia', plugin);
  const registrations = await initMediaBackend(plugin, backend, 'registrationsOfMedia');
  return registrations.map(({ name, processor, options, mimeTypes }) => ({ name, processor, options, mimeTypes }));
}
