import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IdahPluginError } from '../../runtime/errors.ts';
import { type Plan, type PlannedChange, problemsOf, writesOf } from './plan.ts';

export interface AppliedPlan {
  written: PlannedChange[];
}

/**
 * Writes a plan's creations and updates. A failure mid-way undoes this run: files it created
 * are removed, files it changed get their old contents back, and folders it made are removed.
 */
export async function applyPlan(plan: Plan): Promise<AppliedPlan> {
  const problems = problemsOf(plan);
  if (problems.length > 0) {
    throw new IdahPluginError(
      'SCAFFOLD_FAILED',
      `refusing to write: ${problems.length} file(s) in the way (${problems.map((change) => change.path).join(', ')})`,
    );
  }
  const createdFolders: string[] = [];
  // Recorded before each write, so a half-written file is undone too.
  const attempted: PlannedChange[] = [];
  try {
    for (const change of writesOf(plan)) {
      createdFolders.push(...(await makeFolders(dirname(change.absolutePath))));
      attempted.push(change);
      await writeFile(change.absolutePath, change.contents);
    }
  } catch (error) {
    const leftovers = await undo(attempted, createdFolders);
    const failed = attempted.at(-1)?.path ?? 'a folder';
    throw new IdahPluginError(
      'SCAFFOLD_FAILED',
      `writing ${failed} failed (${error instanceof Error ? error.message : String(error)}); ` +
        (leftovers.length === 0
          ? 'everything this run wrote was removed'
          : `could not undo: ${leftovers.join(', ')}`),
      { cause: error },
    );
  }
  return { written: attempted };
}

/** Makes `folder` and its missing ancestors; returns the ones it made, outermost first. */
async function makeFolders(folder: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = folder; !(await exists(current)); current = dirname(current)) {
    missing.unshift(current);
    if (current === dirname(current)) break;
  }
  for (const path of missing) await mkdir(path);
  return missing;
}

/** Reverts writes newest first, then removes the folders made (innermost first). Returns what it could not undo. */
async function undo(attempted: PlannedChange[], createdFolders: string[]): Promise<string[]> {
  const leftovers: string[] = [];
  for (const change of [...attempted].reverse()) {
    try {
      if (change.previous) await writeFile(change.absolutePath, change.previous);
      else if (await isFile(change.absolutePath)) await rm(change.absolutePath);
    } catch {
      leftovers.push(change.absolutePath);
    }
  }
  for (const folder of [...createdFolders].reverse()) {
    try {
      await rmdir(folder);
    } catch {
      leftovers.push(folder);
    }
  }
  return leftovers;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
