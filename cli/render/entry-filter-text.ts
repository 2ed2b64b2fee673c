import type { EntryFilter } from '../../runtime/sources/filters.ts';

/** An entry filter as the `--where` clauses that give it (`status=new,review; name~^cat`). */
export function entryFilterText(filter: EntryFilter): string {
  const clauses: string[] = [];
  if (filter.status !== undefined) clauses.push(`status=${filter.status}`);
  if (filter.status__in) clauses.push(`status=${filter.status__in.join(',')}`);
  if (filter.priority__in) clauses.push(`priority=${filter.priority__in.join(',')}`);
  if (filter.wf_step__in) clauses.push(`wf_step=${filter.wf_step__in.join(',')}`);
  if (filter.name__match !== undefined) clauses.push(`name~${filter.name__match}`);
  if (filter.resource__match !== undefined) clauses.push(`resource~${filter.resource__match}`);
  if (filter.updated_since !== undefined) clauses.push(`updated_since=${filter.updated_since}`);
  return clauses.join('; ');
}
