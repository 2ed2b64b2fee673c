/** A query value: nested objects become `a[b]`, arrays `a[]`, as IDAH's own client sends them. */
export type QueryValue = string | number | boolean | readonly (string | number)[] | { [key: string]: QueryValue };

/** Rails-style nesting (`filter[status__in][]=a&page[number]=2`), percent-encoded. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const pairs: Array<[string, string]> = [];
  const add = (name: string, value: QueryValue): void => {
    if (Array.isArray(value)) for (const item of value) pairs.push([`${name}[]`, String(item)]);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, nested] of Object.entries(value as Record<string, QueryValue>)) add(`${name}[${key}]`, nested);
    } else pairs.push([name, String(value)]);
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return new URLSearchParams(pairs).toString();
}
