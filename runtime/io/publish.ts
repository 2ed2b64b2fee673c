import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IdahPluginError } from '../errors.ts';
import { splitExtension } from './file-name.ts';
import type { StagedOutput } from './io-context.ts';
import { checkPlainName } from './path-rules.ts';
import { partialFileName, sweepStalePartials } from './staging.ts';

const MAX_SUFFIX = 10_000;

/** Errors from link() that mean "hard links do not work here", not "the name is taken". */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

export interface PublishOptions {
  /** Aborting it stops the publish; nothing is left under the final name or the partial one. */
  signal?: AbortSignal;
  plugin?: string;
}

/**
 * Moves a staged output into `outDir` (created if missing), atomically and without overwriting:
 * the file first lands in `outDir` under a hidden partial name (a rename, or a copy when the
 * staging area is on another file system), is flushed to disk, and only then gets its final
 * name by a hard link, so a crash at any moment leaves the whole file or nothing under it.
 * A taken name becomes `<stem>-1.<ext>`, `-2`, ... Only a regular file is published.
 */
export async function publishOutput(staged: StagedOutput, outDir: string, options: PublishOptions = {}): Promise<StagedOutput> {
  const { signal, plugin } = options;
  const filename = checkPlainName(staged.filename, 'publishOutput()');
  await checkRegularFile(staged.path, filename, plugin);
  await mkdir(outDir, { recursive: true });
  await sweepStalePartials(outDir);
  signal?.throwIfAborted();
  const partial = join(outDir, partialFileName(filename));
  try {
    await moveIn(staged.path, partial, signal);
    // The partial name is ours alone, but check again: the rename moved whatever was there.
    await checkRegularFile(partial, filename, plugin);
    await fsyncPath(partial);
    signal?.throwIfAborted();
    const published = await claimFinalName(partial, outDir, filename);
    await fsyncPath(outDir).catch(() => {});
    const { size } = await stat(published.path);
    return { path: published.path, filename: published.filename, mime_type: staged.mime_type, size };
  } finally {
    await rm(partial, { force: true }).catch(() => {});
  }
}

async function checkRegularFile(path: string, filename: string, plugin: string | undefined): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isFile()) return;
  const found = !stats ? 'nothing' : stats.isSymbolicLink() ? 'a symbolic link' : stats.isDirectory() ? 'a directory' : 'a special file';
  throw new IdahPluginError('OUTPUT_NOT_REGULAR', `expected the output "${filename}" to be a regular file, found ${found} at ${path}`, {
    ...(plugin ? { plugin } : {}),
  });
}

/** Renames within one file system; across file systems copies (never following a link), then removes the source. */
async function moveIn(source: string, target: string, signal: AbortSignal | undefined): Promise<void> {
  try {
    await rename(source, target);
    return;
  } catch (error) {
    if (codeOf(error) !== 'EXDEV') throw error;
  }
  const input = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW);
  const output = await open(target, 'wx').catch(async (error: unknown) => {
    await input.close();
    throw error;
  });
  // The streams close their handles; `flush` syncs the copy to disk before it closes.
  await pipeline(input.createReadStream(), output.createWriteStream({ flush: true }), { ...(signal ? { signal } : {}) });
  await unlink(source).catch(() => {});
}

/** Gives the partial file its final name, never replacing a file: the first free `<stem>[-n]<ext>`. */
async function claimFinalName(partial: string, outDir: string, filename: string): Promise<{ path: string; filename: string }> {
  const { stem, extension } = splitExtension(filename);
  for (let suffix = 0; suffix <= MAX_SUFFIX; suffix += 1) {
    const candidate = suffix === 0 ? filename : `${stem}-${suffix}${extension}`;
    const target = join(outDir, candidate);
    if (await placeExclusively(partial, target)) return { path: target, filename: candidate };
  }
  throw new IdahPluginError(
    'IO_MISUSE',
    `expected a free name for "${filename}" in ${outDir}, but it and ${MAX_SUFFIX} numbered variants are all taken`,
  );
}

/** A hard link is atomic and fails on a taken name; without hard links, a checked rename. */
async function placeExclusively(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') return false;
    if (!code || !LINK_UNSUPPORTED.has(code)) throw error;
  }
  if (await lstat(target).then(() => true, () => false)) return false;
  await rename(source, target);
  return true;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
