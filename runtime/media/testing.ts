// Media helpers for plugin tests (re-exported by idah-plugin/testing).

export { type MediaRegistrationView, registrationsOfMedia } from './registrations-of-media.ts';
export {
  type MediaFileFixture,
  type Rendition,
  runMediaProcessor,
  type RunMediaProcessorOptions,
  type RunMediaProcessorResult,
} from './run-media-processor.ts';
