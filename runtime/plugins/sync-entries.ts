import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const SYNC_ENTRY_FILE = 'sync.ts';

/** `<syncDir>/<name>/sync.ts` for every backend folder, sorted; plus Ruby `sync.rb` files for a hint. */
export async function findSyncEntries(syncDir: string): Promise<{ entries: string[]; rubyEntries: string[] }> {
  const folders = (await readdir(syncDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
  const entries: string[] = [];
  const rubyEntries: string[] = [];
  for (const folder of folders) {
    const files = await readdir(join(syncDir, folder));
    if (files.includes(SYNC_ENTRY_FILE)) entries.push(join(syncDir, folder, SYNC_ENTRY_FILE));
    else if (files.includes('sync.rb')) rubyEntries.push(join(syncDir, folder, 'sync.rb'));
  }
  return { entries, rubyEntries };
}
