import { z, type ZodType } from 'zod';
import { closestKey } from './closest-key.ts';

/** The keys an object schema declares, looking through optional, default and pipe wrappers; undefined if it is no plain object schema or takes any key. */
export function declaredKeys(schema: ZodType): string[] | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 8; depth += 1) {
    if (current instanceof z.ZodObject) {
      // A catchall (`z.looseObject`, `.catchall(...)`) accepts any key: nothing is unknown.
      const catchall = current.def.catchall;
      if (catchall && !(catchall instanceof z.ZodNever)) return undefined;
      return Object.keys(current.shape);
    }
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else return undefined;
  }
  return undefined;
}

/**
 * Names other exporters or earlier versions used for an idea the bundled exporters now name
 * once: `completed_entries` (IDAH's name: only entries whose status is "completed") and
 * `entry_status` (only entries with one of these statuses). Each maps to the current names it
 * may mean, in order of preference, with the value to write when the shape differs.
 */
const OTHER_NAMES: Record<string, ReadonlyArray<{ key: string; write?: string }>> = {
  only_completed: [{ key: 'completed_entries' }, { key: 'entry_status', write: '["completed"]' }],
  completed_only: [{ key: 'completed_entries' }, { key: 'entry_status', write: '["completed"]' }],
  completed: [{ key: 'completed_entries' }, { key: 'entry_status', write: '["completed"]' }],
  completed_entries: [{ key: 'entry_status', write: '["completed"]' }],
  entry_statuses: [{ key: 'entry_status' }],
  statuses: [{ key: 'entry_status' }],
  status: [{ key: 'entry_status' }],
  status__in: [{ key: 'entry_status' }],
};

/** The did-you-mean for `key`: the current name of an idea it names differently, else a close spelling. */
function suggestionFor(key: string, declared: readonly string[]): string | undefined {
  const renamed = OTHER_NAMES[key.toLowerCase().replaceAll('-', '_')]?.find((name) => declared.includes(name.key));
  if (renamed) return renamed.write ? `"${renamed.key}" (as ${renamed.key}=${renamed.write})` : `"${renamed.key}"`;
  const close = closestKey(key, declared);
  return close ? `"${close}"` : undefined;
}

/** Each key of `given` the schema does not declare, with a message naming it and a did-you-mean. */
export function unknownOptionKeys(schema: ZodType, given: unknown): { key: string; message: string }[] {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return [];
  const declared = declaredKeys(schema);
  if (!declared) return [];
  const known = new Set(declared);
  return Object.keys(given)
    .filter((key) => !known.has(key))
    .map((key) => {
      const suggestion = suggestionFor(key, declared);
      const hint = suggestion ? ` did you mean ${suggestion}?` : '';
      const list = declared.length > 0 ? ` (known options: ${declared.join(', ')})` : ' (this exporter takes no options)';
      return { key, message: `unknown option;${hint}${list}` };
    });
}

export function unknownKeyProblems(schema: ZodType, given: unknown): string[] {
  return unknownOptionKeys(schema, given).map(({ key, message }) => `options.${key}: ${message}`);
}
