import type { JobOutput } from '../../runtime/host.ts';
import { listZipEntries } from '../../runtime/testing/index.ts';

/** What an output holds, in a few lines: a zip's folders with their file counts. */
export async function describeOutput(output: JobOutput): Promise<string[]> {
  if (output.mime_type !== 'application/zip') return [];
  const entries = (await listZipEntries(output.path)).filter((name) => !name.endsWith('/'));
  const byFolder = new Map<string, number>();
  for (const name of entries) {
    const folder = name.includes('/') ? `${name.slice(0, name.lastIndexOf('/'))}/` : name;
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
  }
  return [...byFolder].map(([folder, count]) => (folder.endsWith('/') ? `${folder} (${count} files)` : folder));
}
