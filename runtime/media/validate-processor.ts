import type { ZodType } from 'zod';
import { describeFoundValue } from '../manifest/describe-value.ts';
import type { MediaProcessorClass } from './media-processor.ts';

/** `image/png`, `image/*` or `*\/*`. */
const MIME_PATTERN = /^(?:\*\/\*|[a-z0-9][a-z0-9!#$&^_.+-]*\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*))$/i;

/**
 * A bad `registerProcessor` call is a programming error in the plugin: a TypeError, with the
 * error family's `code` and the plugin's name, as `registerExports` does.
 */
export function processorRegistrationError(plugin: string, problem: string): TypeError {
  const error = new TypeError(`[${plugin}] registerProcessor: ${problem}`);
  return Object.assign(error, { code: 'REGISTRATION_INVALID' as const, plugin });
}

function describeArgument(value: unknown): string {
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'an anonymous function';
  return describeFoundValue(value);
}

export interface ValidDefinition {
  name: string;
  processor: MediaProcessorClass;
  options: ZodType | undefined;
  mimeTypes: readonly string[];
}

/** Checks every argument and lists every problem at once. */
export function validateProcessorDefinition(plugin: string, name: unknown, definition: unknown): ValidDefinition {
  const problems: string[] = [];
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push(`name: expected a non-empty string, found ${describeArgument(name)}`);
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    problems.push(
      `definition: expected an object { processor, options, mimeTypes }, found ${describeArgument(definition)}`,
    );
    throw processorRegistrationError(plugin, problems.join('; '));
  }
  const { processor, options, mimeTypes } = definition as Record<string, unknown>;
  if (typeof processor !== 'function' || processor.prototype === undefined) {
    problems.push(`processor: expected a class (constructed with the process context), found ${describeArgument(processor)}`);
  }
  if (options !== undefined && typeof (options as { safeParse?: unknown } | null)?.safeParse !== 'function') {
    problems.push(`options: expected a zod schema or nothing, found ${describeArgument(options)}`);
  }
  if (!Array.isArray(mimeTypes) || mimeTypes.length === 0) {
    problems.push(`mimeTypes: expected a non-empty array of MIME types such as "image/png" or "image/*", found ${describeArgument(mimeTypes)}`);
  } else {
    mimeTypes.forEach((mimeType: unknown, index) => {
      if (typeof mimeType !== 'string' || !MIME_PATTERN.test(mimeType)) {
        problems.push(`mimeTypes[${index}]: expected a MIME type such as "image/png" or "image/*", found ${describeArgument(mimeType)}`);
      }
    });
  }
  if (problems.length > 0) throw processorRegistrationError(plugin, problems.join('; '));
  return {
    name: name as string,
    processor: processor as MediaProcessorClass,
    options: options as ZodType | undefined,
    mimeTypes: Object.freeze([...(mimeTypes as string[])]),
  };
}

/** Whether a registration's `mimeTypes` cover a file's MIME type. */
export function mimeTypeMatches(patterns: readonly string[], mimeType: string): boolean {
  const [type, subtype] = mimeType.toLowerCase().split('/');
  return patterns.some((pattern) => {
    const [patternType, patternSubtype] = pattern.toLowerCase().split('/');
    return (patternType === '*' || patternType === type) && (patternSubtype === '*' || patternSubtype === subtype);
  });
}
