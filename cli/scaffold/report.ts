import { relative } from 'node:path';
import type { Plan, PlannedAction, PlannedChange } from './plan.ts';

const LABELS: Record<PlannedAction, string> = {
  create: 'create',
  identical: 'identical',
  update: 'update',
  overwrite: 'overwrite',
  conflict: 'conflict',
  blocked: 'blocked',
};
const SUMMARY_WORDS: Record<PlannedAction, string> = {
  create: 'to create',
  identical: 'identical',
  update: 'to update',
  overwrite: 'to overwrite',
  conflict: 'in conflict',
  blocked: 'blocked',
};
const LABEL_WIDTH = Math.max(...Object.values(LABELS).map((label) => label.length));

/** A path as the user would type it from where they ran the command. */
export function displayPath(absolutePath: string, cwd: string): string {
  const shown = relative(cwd, absolutePath) || '.';
  return shown.startsWith('..') ? absolutePath : shown;
}

/** One line per file: `  create    plugins/my-plugin/manifest.json`. */
export function formatPlan(plan: Plan, cwd: string): string {
  return plan.changes.map((change) => `  ${LABELS[change.action].padEnd(LABEL_WIDTH)}  ${describe(change, cwd)}\n`).join('');
}

function describe(change: PlannedChange, cwd: string): string {
  const path = displayPath(change.absolutePath, cwd);
  if (change.action === 'conflict') return `${path} (exists with other contents; --force overwrites it)`;
  if (change.action === 'blocked') return `${path} (${change.reason})`;
  return path;
}

/** `3 to create, 1 identical`: counts in a fixed order, zeros left out. */
export function summarizePlan(plan: Plan): string {
  const counts = new Map<PlannedAction, number>();
  for (const change of plan.changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  const parts: string[] = [];
  for (const action of Object.keys(LABELS) as PlannedAction[]) {
    const count = counts.get(action);
    if (count) parts.push(`${count} ${SUMMARY_WORDS[action]}`);
  }
  return parts.join(', ') || 'no files';
}
