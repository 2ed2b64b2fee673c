import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogEntry, type Logger, createLogger } from '../../../../runtime/logger.ts';

export const FIXTURE_PLUGINS_DIR = fileURLToPath(new URL('../../../fixtures/plugins', import.meta.url));

/** The folder of a fixture plugin under test/fixtures/plugins. */
export function fixturePlugin(...segments: string[]): string {
  return join(FIXTURE_PLUGINS_DIR, ...segments);
}

/** A logger that keeps what it is told, to assert on. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { logger: createLogger('test', (entry) => entries.push(entry)), entries };
}

/** A fresh temporary folder, removed by the returned `remove`. */
export async function temporaryDir(prefix = 'idah-plugin-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `{ 'a/b.txt': 'text' }` under `root`, creating folders. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** A valid manifest's text for a plugin named `name` (frontend-only unless a module is given). */
export function manifestText(name: string, backendModule?: string): string {
  return JSON.stringify({
    type: 'idah-plugin',
    name,
    version: '1.0.0',
    title: name,
    entryPoints: backendModule ? { backend: { module: backendModule, path: 'backends' } } : {},
  });
}
