import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ZipArchive, ZipEntryData } from 'archiver';
import { chunkBatcher } from './chunk-batcher.ts';
import { listTree, type TreeEntry } from './directory-tree.ts';
import { isReadWhole, shouldStore } from './zip-entry-source.ts';

export interface ZipDirectoryOptions {
  /** Stamp every entry with this time instead of the file's mtime: same tree -> same bytes. */
  fixedDate?: Date;
  /** Plugin name for errors. */
  plugin?: string;
  /** Aborting it stops the zip between entries and removes the partial zip. */
  signal?: AbortSignal;
}

export interface ZipResult {
  path: string;
  entryCount: number;
  size: number;
}

/** Entries handed to archiver but not yet written; bounds the memory held by read-whole files. */
const MAX_QUEUED_ENTRIES = 64;

/**
 * Zips everything under `directory` (dotfiles and empty folders included) into a new file at
 * `zipPath`, which must not exist yet and must lie outside `directory`.
 * Entries are in sorted order, named with `/` relative to the directory. Modes are fixed
 * (0644 files, 0755 folders) so the umask does not change the bytes.
 * ZIP64: zip-stream switches it on by itself past 65,535 entries or 4 GiB of offsets, and gives
 * any entry over 4 GiB a ZIP64 central record and a 64-bit data descriptor; nothing to force.
 * Resolves only once the zip is flushed and closed; on failure the partial zip is removed.
 */
export async function zipDirectory(directory: string, zipPath: string, options: ZipDirectoryOptions = {}): Promise<ZipResult> {
  const entries = await listTree(directory, options.plugin);
  // Loaded here, not at the top: a command that never zips does not pay for archiver.
  const { ZipArchive } = await import('archiver');
  // Opened before anything can fail, so the cleanup below only ever removes a file we created.
  const handle = await open(zipPath, 'wx');
  const archive = new ZipArchive({ zlib: { level: 6 } });
  // A warning means an entry was skipped (e.g. a file vanished); a silently incomplete zip is worse than none.
  archive.on('warning', (warning) => archive.destroy(warning));
  let written = 0;
  archive.on('entry', () => {
    written += 1;
  });
  const flushed = pipeline(archive, chunkBatcher(), handle.createWriteStream(), { ...(options.signal ? { signal: options.signal } : {}) });
  try {
    for (const [index, entry] of entries.entries()) {
      options.signal?.throwIfAborted();
      while (index - written >= MAX_QUEUED_ENTRIES) await Promise.race([once(archive, 'entry'), flushed]);
      appendEntry(archive, entry, isReadWhole(entry) ? readFileSync(entry.absolutePath) : undefined, options.fixedDate);
    }
    // archiver's finalize() resolves before the file is flushed (archiver#476): the pipeline is the real end.
    await Promise.all([archive.finalize(), flushed]);
  } catch (error) {
    archive.destroy();
    await flushed.catch(() => undefined);
    await rm(zipPath, { force: true });
    throw error;
  }
  return { path: zipPath, entryCount: entries.length, size: (await stat(zipPath)).size };
}

function appendEntry(archive: ZipArchive, entry: TreeEntry, content: Buffer | undefined, fixedDate: Date | undefined): void {
  const isDirectory = entry.stats.isDirectory();
  const data: ZipEntryData = {
    name: isDirectory ? `${entry.relativePath}/` : entry.relativePath,
    date: fixedDate ?? entry.stats.mtime,
    mode: isDirectory ? 0o755 : 0o644,
    store: isDirectory || shouldStore(entry),
  };
  if (content) archive.append(content, data);
  else archive.file(entry.absolutePath, { ...data, stats: entry.stats });
}
