import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ChangeSet, contentsAsBuffer } from './change-set.ts';

/**
 * - create: nothing there yet
 * - identical: the file already has these contents (a no-op)
 * - update: the run means to change this file (e.g. a manifest gaining `backend`)
 * - overwrite: a different file is there and --force was given
 * - conflict: a different file is there and it is kept (no --force)
 * - blocked: something that is not a file is in the way (a folder, or a file where a folder must go)
 */
export type PlannedAction = 'create' | 'identical' | 'update' | 'overwrite' | 'conflict' | 'blocked';

export interface PlannedChange {
  path: string;
  absolutePath: string;
  action: PlannedAction;
  contents: Buffer;
  /** The contents found on disk, kept so a failed run can put them back. */
  previous?: Buffer;
  /** Why a change is blocked. */
  reason?: string;
}

export interface Plan {
  root: string;
  changes: PlannedChange[];
}

const WRITES: ReadonlySet<PlannedAction> = new Set(['create', 'update', 'overwrite']);

export function writesOf(plan: Plan): PlannedChange[] {
  return plan.changes.filter((change) => WRITES.has(change.action));
}

export function problemsOf(plan: Plan): PlannedChange[] {
  return plan.changes.filter((change) => change.action === 'conflict' || change.action === 'blocked');
}

/** Compares the change set with what is on disk under `root`. Reads only; writes nothing. */
export async function planChanges(changes: ChangeSet, root: string, options: { force: boolean }): Promise<Plan> {
  const planned: PlannedChange[] = [];
  for (const change of changes) {
    const absolutePath = join(root, ...change.path.split('/'));
    const contents = contentsAsBuffer(change.contents);
    const base = { path: change.path, absolutePath, contents };
    const existing = await statOrUndefined(absolutePath);
    if (!existing) {
      const obstacle = await fileInTheWay(absolutePath);
      planned.push(
        obstacle
          ? { ...base, action: 'blocked', reason: `${obstacle} is a file, not a folder` }
          : { ...base, action: 'create' },
      );
      continue;
    }
    if (!existing.isFile()) {
      planned.push({ ...base, action: 'blocked', reason: 'something that is not a file is already there' });
      continue;
    }
    const previous = await readFile(absolutePath);
    if (previous.equals(contents)) planned.push({ ...base, action: 'identical' });
    else if (change.whenDifferent === 'update') planned.push({ ...base, action: 'update', previous });
    else planned.push({ ...base, action: options.force ? 'overwrite' : 'conflict', previous });
  }
  return { root, changes: planned };
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return undefined;
    }
    throw error;
  }
}

/** The nearest existing ancestor folder of `path`, when it turns out to be a file. */
async function fileInTheWay(path: string): Promise<string | undefined> {
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const found = await statOrUndefined(folder);
    if (found) return found.isDirectory() ? undefined : folder;
    if (folder === dirname(folder)) return undefined;
  }
}
