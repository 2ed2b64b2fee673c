import { fileURLToPath } from 'node:url';

/** The host's own code: frames in it are not where a plugin went wrong. */
const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));

/** `/path/file.ts:12:5` from a stack line (`at fn (/path/file.ts:12:5)`, `at file:///path/file.ts:12:5`). */
function frameLocation(line: string): string | undefined {
  const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
  if (!match) return undefined;
  const [, file, row, column] = match as unknown as [string, string, string, string];
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  // `node:internal/...` and `<anonymous>` are no file of anyone's.
  return path.startsWith('/') ? `${path}:${row}:${column}` : undefined;
}

/**
 * Where a plugin threw: the first frame of the stack outside the host's runtime, node_modules
 * and Node itself, as `path:line:column` (source-mapped: the child enables source maps, so
 * it is the line of the plugin's .ts file). Undefined for a non-Error or a host-only stack.
 */
export function pluginLocationOf(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error) || typeof thrown.stack !== 'string') return undefined;
  for (const line of thrown.stack.split('\n').slice(1)) {
    if (!line.trim().startsWith('at ')) continue;
    const location = frameLocation(line);
    if (!location || location.startsWith(RUNTIME_DIR) || location.includes('/node_modules/')) continue;
    return location;
  }
  return undefined;
}
