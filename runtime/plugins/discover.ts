import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { PACKAGE_ROOT } from '../package-root.ts';
import { MANIFEST_FILE_NAME } from '../manifest/read-manifest.ts';
import { splitPluginPath } from './plugin-path.ts';
import { type DiscoveryFailure, scanPluginFolders } from './scan-plugin-folders.ts';

/** The plugins shipped with this package (`<package>/plugins`), one folder each. */
export const BUNDLED_PLUGINS_DIR = resolve(PACKAGE_ROOT, 'plugins');

export interface DiscoverOptions {
  /** `IDAH_PLUGIN_PATH` syntax, or a list of the same. */
  pluginPaths?: string | readonly string[];
  /** Bundled plugins come first, so a user plugin of the same name replaces one. Default true. */
  includeBundled?: boolean;
  /** Where relative patterns start. Default `process.cwd()`. */
  cwd?: string;
  /** Warn about paths that do not exist or hold no plugin. Default true. */
  warnAboutEmptyPaths?: boolean;
}

export interface Discovery {
  /** Plugin folders (each holds a manifest.json), bundled first, then in pattern order. */
  pluginDirs: string[];
  /** Paths that did not exist or matched nothing; reported, never thrown. */
  warnings: string[];
  /**
   * Folders that look like plugins and cannot load (no manifest.json beside backends/ or
   * package.json, a manifest.json that is a folder, a symlink loop, an unreadable folder).
   */
  failures: DiscoveryFailure[];
}

const IGNORED = ['**/node_modules/**'];

async function kindOf(path: string): Promise<'directory' | 'file' | 'missing' | 'loop'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'missing';
  }
}

/**
 * Splits an absolute pattern at its first glob segment: base `/home/me/.idah/plugins` and
 * rest `*`. Globbing from the static base lets a named dot-folder work while `**` skips others.
 */
function splitAtFirstGlob(absolutePattern: string): { base: string; rest: string } {
  const segments = absolutePattern.split('/');
  // Any glob character counts, so braces spanning segments (`{a,b/c}`) stay in the rest.
  const found = segments.findIndex((segment) => /[*?[\]{}()!]/.test(segment));
  const firstDynamic = found === -1 ? segments.length - 1 : found;
  return { base: segments.slice(0, firstDynamic).join('/') || '/', rest: segments.slice(firstDynamic).join('/') };
}

/** Folders below `base` whose path matches `rest` and that hold a manifest.json. Sorted. */
async function globPluginDirs(base: string, rest: string): Promise<string[]> {
  const manifests = await glob(`${rest}/${MANIFEST_FILE_NAME}`, {
    cwd: base,
    absolute: true,
    dot: false, // `**` never enters dot-folders
    ignore: IGNORED,
    expandDirectories: false,
    onlyFiles: true,
  });
  return manifests.map((file) => resolve(dirname(file))).sort();
}

async function hasManifest(dir: string): Promise<boolean> {
  return (await kindOf(join(dir, MANIFEST_FILE_NAME))) === 'file';
}

interface PatternResult {
  dirs: string[];
  problem?: string;
  failures?: DiscoveryFailure[];
}

/** The folders below `base` that should be plugins and are not, for the `*` and `**` patterns. */
async function brokenBelow(base: string, rest: string, dirs: string[]): Promise<DiscoveryFailure[]> {
  if (rest !== '*' && rest !== '**') return [];
  return scanPluginFolders(base, new Set(dirs), rest === '**');
}

/** The plugin folders one pattern names, or a warning saying why there are none. */
async function dirsForPattern(pattern: string, cwd: string): Promise<PatternResult> {
  const absolute = (isAbsolute(pattern) ? pattern : resolve(cwd, pattern)).replaceAll('\\', '/');
  if (isDynamicPattern(pattern)) {
    const { base, rest } = splitAtFirstGlob(absolute);
    if ((await kindOf(base)) !== 'directory') return { dirs: [], problem: `folder ${base} does not exist` };
    const dirs = await globPluginDirs(base, rest);
    const failures = await brokenBelow(base, rest, dirs);
    if (dirs.length > 0 || failures.length > 0) return { dirs, failures };
    return { dirs, problem: 'it matched no folder holding a manifest.json' };
  }
  const kind = await kindOf(absolute);
  if (kind === 'loop') {
    return { dirs: [], failures: [{ dir: absolute, code: 'PLUGIN_LOAD_FAILED', message: `${absolute} is a symlink loop; expected a plugin folder` }] };
  }
  if (kind === 'missing') return { dirs: [], problem: `${absolute} does not exist` };
  if (kind === 'file') {
    if (basename(absolute) === MANIFEST_FILE_NAME) return { dirs: [dirname(absolute)] };
    return { dirs: [], problem: `expected a folder, found a file at ${absolute}` };
  }
  if (await hasManifest(absolute)) return { dirs: [absolute] };
  // A plain folder without its own manifest is a folder of plugins: search below it.
  const dirs = await globPluginDirs(absolute, '**');
  const failures = await brokenBelow(absolute, '**', dirs);
  if (dirs.length > 0 || failures.length > 0) return { dirs, failures };
  return { dirs, problem: `no folder below ${absolute} holds a manifest.json` };
}

export async function discoverPluginDirs(options: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  const warnAboutEmptyPaths = options.warnAboutEmptyPaths ?? true;
  const pluginDirs: string[] = [];
  const warnings: string[] = [];
  const failures: DiscoveryFailure[] = [];
  const seen = new Set<string>();
  const add = (dirs: string[]) => {
    for (const dir of dirs) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      pluginDirs.push(dir);
    }
  };

  if (options.includeBundled ?? true) {
    // The bundled folder may be empty or absent in a fresh checkout: never a warning.
    if ((await kindOf(BUNDLED_PLUGINS_DIR)) === 'directory') add(await globPluginDirs(BUNDLED_PLUGINS_DIR, '*'));
  }
  for (const pattern of splitPluginPath(options.pluginPaths ?? [])) {
    const { dirs, problem, failures: broken = [] } = await dirsForPattern(pattern, cwd);
    if (problem && warnAboutEmptyPaths) warnings.push(`plugin path "${pattern}" yields no plugin: ${problem}`);
    add(dirs);
    for (const failure of broken) if (!failures.some((known) => known.dir === failure.dir)) failures.push(failure);
  }
  return { pluginDirs, warnings, failures };
}
