import type { ZodType } from 'zod';
import type { Logger } from '../logger.ts';

/** The uploaded file a processor works on, on local disk. Wire names, as in `MediaRecord`. */
export interface MediaInput {
  path: string;
  filename: string;
  mime_type: string;
  size: number;
}

/** A file a processor derives from its input (a thumbnail, a transcript, a checksum...). */
export interface RenditionInfo {
  /** The media key it is stored under ("" is the original, so never ""). */
  key: string;
  filename: string;
  mime_type: string;
}

/** What a processor is constructed with. */
export interface MediaProcessContext<Options = Record<string, unknown>> {
  media: MediaInput;
  /** Validated with the registration's schema, defaults applied. */
  options: Options;
  logger: Logger;
  signal: AbortSignal;
  /** Stores a derived file under `rendition.key`. */
  addRendition(rendition: RenditionInfo, data: Buffer | string): Promise<void>;
}

export interface MediaProcessor {
  run(): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` lets processors with their own option types share one registry.
export type MediaProcessorClass<Options = any> = new (context: MediaProcessContext<Options>) => MediaProcessor;

/** The second argument of `registerProcessor`. */
export interface ProcessorDefinition<Options = Record<string, unknown>> {
  processor: MediaProcessorClass<Options>;
  options?: ZodType<Options>;
  /** Which uploads it handles: `image/png`, `image/*` or `*\/*`. */
  mimeTypes: readonly string[];
}

/** One accepted registration, as the registry lists it. */
export interface ProcessorRegistration {
  plugin: string;
  name: string;
  processor: MediaProcessorClass;
  options: ZodType | undefined;
  mimeTypes: readonly string[];
}

/** What `Media.init(context)` receives: registration happens here and only here. */
export interface MediaServiceContext {
  /** The plugin being initialised. */
  readonly plugin: string;
  registerProcessor<Options>(name: string, definition: ProcessorDefinition<Options>): void;
}

/** A plugin's `Media` class. */
export interface MediaBackend {
  init(context: MediaServiceContext): unknown;
}
