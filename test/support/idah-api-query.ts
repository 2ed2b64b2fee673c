/** Rails-style query nesting read back (`filter[status__in][]=a` -> `{filter: {status__in: ['a']}}`), as IDAH's servers read it. */
export type NestedQuery = { [key: string]: string | string[] | NestedQuery };

export function parseNestedQuery(search: URLSearchParams): NestedQuery {
  const root: NestedQuery = {};
  for (const [name, value] of search) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) continue;
    const keys = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1]!)];
    let node: NestedQuery = root;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index]!;
      const last = index === keys.length - 1;
      const isArray = keys[index + 1] === '' && index + 1 === keys.length - 1;
      if (isArray) {
        const list = node[key];
        node[key] = Array.isArray(list) ? [...list, value] : [value];
        break;
      }
      if (last) {
        node[key] = value;
        break;
      }
      const next = node[key];
      if (typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as NestedQuery;
    }
  }
  return root;
}

/**
 * IDAH's filtering (verse-sequel's FilteringPg): a bare field is `eq` (an array value `IN`),
 * `__in`, `__match` (ILIKE %v%), `__gt`; keys that are neither a record field nor allowed are
 * silently dropped, as upstream does.
 */
export function recordPassesFilter(
  record: Record<string, unknown>,
  filter: NestedQuery,
  fields: ReadonlySet<string>,
  allowed: ReadonlySet<string>,
): boolean {
  for (const [key, wanted] of Object.entries(filter)) {
    const [field, operator = 'eq'] = key.split('__') as [string, string?];
    if (!fields.has(key) && !allowed.has(key)) continue;
    const value = record[field];
    const text = value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);
    const list = Array.isArray(wanted) ? wanted : typeof wanted === 'string' ? [wanted] : [];
    switch (operator) {
      case 'eq':
      case 'in':
        if (text === null || !list.includes(text)) return false;
        break;
      case 'match':
        if (text === null || !text.toLowerCase().includes(String(list[0] ?? '').toLowerCase())) return false;
        break;
      case 'gt':
        if (text === null || !(Date.parse(text) > Date.parse(String(list[0])))) return false;
        break;
      default:
        break;
    }
  }
  return true;
}
