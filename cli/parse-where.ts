import { IdahPluginError } from '../runtime/errors.ts';
import { closestKey } from '../runtime/jobs/closest-key.ts';
import { ENTRY_FILTER_KEYS, type EntryFilter, parseEntryFilter } from '../runtime/sources/filters.ts';

/** The fields `--where` filters entries on, and how a clause on each becomes an entry filter key. */
const FIELDS = {
  status: 'a status, or several separated by commas',
  name: 'a name (=) or a regular expression (~)',
  resource: 'a resource (=) or a regular expression (~)',
  priority: 'whole numbers separated by commas',
  wf_step: 'a workflow step, or several separated by commas',
} as const;
type Field = keyof typeof FIELDS;

const FORMS = '<field>=<value>[,<value>...] or <field>~<regular expression>';
const usage = (message: string) => new IdahPluginError('USAGE', `--where${message.startsWith(':') ? '' : ' '}${message}`);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function list(field: string, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.includes('')) throw usage(`${field}: expected values separated by commas, got "${value}" (an empty value)`);
  return items;
}

/**
 * Entry filters from repeated `--where` clauses (all must hold): `status=completed`,
 * `status=new,review`, `priority=1,2`, `wf_step=qa`, `name=cat.jpg` (exact), `name~^cat` (a
 * case-insensitive regular expression), `resource~\.png$`; the filter keys themselves
 * (`status__in=a,b`, `name__match=...`) work too. Every mistake is a usage error saying what
 * was expected and what came.
 */
export function parseWhereClauses(clauses: readonly string[]): EntryFilter | undefined {
  if (clauses.length === 0) return undefined;
  const filter: Record<string, unknown> = {};
  for (const clause of clauses) {
    const at = clause.search(/[=~]/);
    if (at <= 0) throw usage(`: expected ${FORMS}, got "${clause}"`);
    const field = clause.slice(0, at).trim();
    const operator = clause[at] as '=' | '~';
    const value = clause.slice(at + 1).trim();
    const [key, parsed] = filterEntry(field, operator, value);
    if (key in filter) throw usage(`${field}: given twice; give its values once, separated by commas`);
    filter[key] = parsed;
  }
  try {
    return parseEntryFilter(filter);
  } catch (error) {
    throw usage(`: ${(error as Error).message}`);
  }
}

function filterEntry(field: string, operator: '=' | '~', value: string): [keyof EntryFilter, unknown] {
  if (!(field in FIELDS) && (ENTRY_FILTER_KEYS as string[]).includes(field)) return filterKeyEntry(field as keyof EntryFilter, operator, value);
  if (!(field in FIELDS)) {
    const names = [...Object.keys(FIELDS), ...ENTRY_FILTER_KEYS];
    const guess = closestKey(field, names);
    throw usage(`: unknown field "${field}";${guess ? ` did you mean "${guess}"?` : ''} expected one of ${Object.keys(FIELDS).join(', ')}`);
  }
  const known = field as Field;
  if (value === '') throw usage(`${field}: expected ${FIELDS[known]}, got nothing`);
  if (operator === '~' && known !== 'name' && known !== 'resource') {
    throw usage(`${field}: expected ${field}=${FIELDS[known]}, got "~" (only name and resource take a regular expression)`);
  }
  switch (known) {
    case 'status': {
      const statuses = list(field, value);
      return statuses.length === 1 ? ['status', statuses[0]] : ['status__in', statuses];
    }
    case 'wf_step':
      return ['wf_step__in', list(field, value)];
    case 'priority':
      return ['priority__in', priorities(field, value)];
    case 'name':
    case 'resource':
      return [`${known}__match`, operator === '~' ? value : `^${escapeRegex(value)}$`];
  }
}

/** `status__in=a,b`, `priority__in=1,2`, `name__match=re`: the filter key as `dataset.entries` takes it. */
function filterKeyEntry(key: keyof EntryFilter, operator: '=' | '~', value: string): [keyof EntryFilter, unknown] {
  if (operator !== '=') throw usage(`${key}: expected ${key}=<value>, got "~"`);
  if (key === 'priority__in') return [key, priorities(key, value)];
  if (key === 'status__in' || key === 'wf_step__in') return [key, list(key, value)];
  return [key, value];
}

function priorities(field: string, value: string): number[] {
  return list(field, value).map((item) => {
    if (!/^-?\d+$/.test(item)) throw usage(`${field}: expected ${FIELDS.priority}, got "${value}"`);
    return Number(item);
  });
}
