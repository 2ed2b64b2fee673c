import { isAbsolute, join, relative, sep } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import { checkRelativePath } from './path-rules.ts';

/** Joins a relative path under `root` after checking it, and double-checks the result stays inside. */
export function safeJoin(root: string, relativePath: unknown, what = 'safeJoin()', plugin?: string): string {
  const checked = checkRelativePath(relativePath, what, plugin);
  const joined = join(root, ...checked.split('/'));
  const fromRoot = relative(root, joined);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw new IdahPluginError(
      'IO_PATH_INVALID',
      `${what} expected a path inside ${root}, got ${JSON.stringify(relativePath)}, which resolves to ${joined}`,
      { plugin },
    );
  }
  return joined;
}
