import type { ZodType } from 'zod';
import { IdahPluginError } from '../errors.ts';
import { unknownKeyProblems } from './unknown-option-keys.ts';

function describeReceived(options: unknown, path: PropertyKey[]): string {
  let value: unknown = options;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

/**
 * Validates options with the exporter's schema (defaults applied). Every bad field is listed:
 * `options.format: expected one of "a" | "b", got "c"`. A key the schema does not declare is
 * an error too, with the closest declared key as a did-you-mean (zod objects would drop it
 * silently, so a typo such as `tsk` would export with the default instead).
 */
export function validateOptions<T>(schema: ZodType<T> | undefined, options: unknown, plugin?: string): T {
  const given = options ?? {};
  if (!schema) {
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new IdahPluginError('OPTIONS_INVALID', `options: expected an object, got ${JSON.stringify(given)}`, { plugin });
    }
    return given as T;
  }
  const result = schema.safeParse(given);
  const unknown = unknownKeyProblems(schema, given);
  if (result.success && unknown.length === 0) return result.data;
  const issues = result.success ? [] : result.error.issues;
  const problems = [
    ...unknown,
    ...issues.map((issue) => {
      const field = ['options', ...issue.path.map(String)].join('.');
      return `${field}: ${issue.message} (got ${describeReceived(given, issue.path)})`;
    }),
  ];
  throw new IdahPluginError('OPTIONS_INVALID', `invalid options:\n  ${problems.join('\n  ')}`, {
    plugin,
    details: { problems },
  });
}
