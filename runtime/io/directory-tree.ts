import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether any regular file lies under `root` (stops at the first one). */
export async function containsAnyFile(root: string): Promise<boolean> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isFile()) return true;
    if (entry.isDirectory() && (await containsAnyFile(join(root, entry.name)))) return true;
  }
  return false;
}
