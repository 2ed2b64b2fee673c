import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Staging folders are `idah-export-<pid>-<random>`: the pid names the process that owns it. */
export const STAGING_PREFIX = 'idah-export-';
const STAGING_NAME = /^idah-export-(\d+)-[0-9a-f]{12}$/;
/** What a publish leaves in `--out` while it copies: `.idah-partial-<pid>-<random>-<name>`. */
export const PARTIAL_PREFIX = '.idah-partial-';
const PARTIAL_NAME = /^\.idah-partial-(\d+)-[0-9a-f]{12}-/;

/**
 * True while a process with this pid runs (EPERM: it exists, owned by someone else). A zombie,
 * dead but not yet reaped by a parent, counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc (not Linux): kill(0) is all there is
  }
}

function randomPart(): string {
  return randomBytes(6).toString('hex');
}

/** Creates a new staging folder owned by `pid` (default this process) under `root` (default the temp folder). */
export async function createStagingFolder(root: string = tmpdir(), pid: number = process.pid): Promise<string> {
  const folder = join(root, `${STAGING_PREFIX}${pid}-${randomPart()}`);
  await mkdir(folder, { recursive: false, mode: 0o700 });
  // The owner, also in the folder for whoever finds it by hand.
  await writeFile(join(folder, 'owner.pid'), `${pid}\n`);
  return folder;
}

/** The name of a partial file a publish by `pid` writes next to `filename`. */
export function partialFileName(filename: string, pid: number = process.pid): string {
  return `${PARTIAL_PREFIX}${pid}-${randomPart()}-${filename}`;
}

export interface SweepOptions {
  /** Where to look (default the temp folder). */
  root?: string;
  /** Also remove what these pids own, alive or not (a parent sweeping after its child ended). */
  ownersGone?: readonly number[];
}

/**
 * Removes the staging folders under `root` whose owner process is gone: what a SIGKILL or a
 * crash left. Every host run calls it; a service's sweeper can too. Returns what it removed.
 */
export async function sweepStaleStaging(options: SweepOptions = {}): Promise<string[]> {
  return sweepMatching(options.root ?? tmpdir(), STAGING_NAME, options.ownersGone ?? []);
}

/** Removes the partial files of publishes whose process is gone from an output folder. */
export async function sweepStalePartials(outDir: string, ownersGone: readonly number[] = []): Promise<string[]> {
  return sweepMatching(outDir, PARTIAL_NAME, ownersGone);
}

async function sweepMatching(root: string, pattern: RegExp, ownersGone: readonly number[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = Number(pattern.exec(name)?.[1]);
    if (!owner) continue;
    if (owner === process.pid && !ownersGone.includes(owner)) continue;
    if (!ownersGone.includes(owner) && isProcessAlive(owner)) continue;
    const path = join(root, name);
    await rm(path, { recursive: true, force: true }).then(
      () => removed.push(path),
      () => {},
    );
  }
  return removed;
}
