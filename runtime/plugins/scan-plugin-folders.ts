import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdahErrorCode } from '../errors.ts';
import { MANIFEST_FILE_NAME } from '../manifest/read-manifest.ts';

/** A folder under a plugin path that should have been a plugin and cannot load. */
export interface DiscoveryFailure {
  dir: string;
  code: IdahErrorCode;
  message: string;
}

/** What marks a folder as meant to be a plugin, beside its manifest. */
const PLUGIN_MARKS = ['backends', 'package.json'];

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'an unknown error';

/**
 * Walks the folders below `base` (one level, or all with `recursive`) that hold no plugin, and
 * reports what would otherwise be silently ignored: a folder with `backends/` or `package.json`
 * but no manifest.json, a manifest.json that is not a file, a symlink loop, a folder that cannot
 * be read. Found plugin folders are not entered (their loading reports their own problems);
 * dot-folders and node_modules are skipped, as the search skips them.
 */
export async function scanPluginFolders(base: string, pluginDirs: ReadonlySet<string>, recursive: boolean): Promise<DiscoveryFailure[]> {
  const failures: DiscoveryFailure[] = [];
  const fail = (dir: string, code: IdahErrorCode, message: string) => failures.push({ dir, code, message });

  async function visit(dir: string, depth: number): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      fail(dir, 'PLUGIN_LOAD_FAILED', `the folder ${dir} cannot be read (${errnoOf(error)}); expected a readable plugin folder`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (pluginDirs.has(path)) continue;
      if (entry.isSymbolicLink()) {
        try {
          if (!(await stat(path)).isDirectory()) continue;
        } catch (error) {
          if (errnoOf(error) === 'ELOOP') fail(path, 'PLUGIN_LOAD_FAILED', `${path} is a symlink loop; expected a plugin folder`);
          continue; // a dangling link names nothing to load
        }
        await inspect(path, depth, false); // a linked folder is checked, never walked (no cycles)
      } else if (entry.isDirectory()) {
        await inspect(path, depth, recursive);
      }
    }
  }

  async function inspect(dir: string, depth: number, descend: boolean): Promise<void> {
    let names: Dirent[];
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      fail(dir, 'PLUGIN_LOAD_FAILED', `the folder ${dir} cannot be read (${errnoOf(error)}); expected a readable plugin folder`);
      return;
    }
    const manifest = names.find((entry) => entry.name === MANIFEST_FILE_NAME);
    if (manifest && !manifest.isFile() && !manifest.isSymbolicLink()) {
      fail(dir, 'MANIFEST_INVALID', `${join(dir, MANIFEST_FILE_NAME)} is a ${manifest.isDirectory() ? 'directory' : 'special file'}; expected a JSON file`);
      return;
    }
    const marks = PLUGIN_MARKS.filter((mark) => names.some((entry) => entry.name === mark));
    if (!manifest && marks.length > 0) {
      fail(dir, 'MANIFEST_NOT_FOUND', `${dir} has ${marks.join(' and ')} but no ${MANIFEST_FILE_NAME}; expected a plugin folder with its manifest`);
      return;
    }
    if (descend) await visit(dir, depth + 1);
  }

  await visit(base, 0);
  return failures;
}
