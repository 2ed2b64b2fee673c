/** How a found value reads in a message: `number 3`, `string "abc"`, `an array`, `nothing`. */
export function describeFoundValue(value: unknown, present = true): string {
  if (!present) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const ARTICLE_BY_TYPE: Record<string, string> = {
  object: 'an object',
  record: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
};

/** `string` -> `a string`, as zod names the expected type of an invalid_type issue. */
export function describeExpectedType(expected: string): string {
  return ARTICLE_BY_TYPE[expected] ?? expected;
}
