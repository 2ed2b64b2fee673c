import { randomBytes } from 'node:crypto';
import { rm, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary path in the target's folder (so the final rename stays on one file system and is
 * atomic), hidden and marked with the process id. DuckDB keeps a `.wal` file beside it while writing.
 */
export function tempPathBeside(target: string): string {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(target), `.${basename(target)}.${tag}.tmp`);
}

/** Files DuckDB may leave for a database at `path`. */
const databaseFiles = (path: string): string[] => [path, `${path}.wal`];

export async function publishTempFile(tempPath: string, target: string): Promise<void> {
  await rename(tempPath, target);
  await rm(`${tempPath}.wal`, { force: true });
}

export async function removeTempFiles(tempPath: string): Promise<void> {
  await Promise.all(databaseFiles(tempPath).map((file) => rm(file, { force: true })));
}
