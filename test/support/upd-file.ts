import { join } from 'node:path';
import { UpdExport } from '../../plugins/upd/backends/sync/upd/export.ts';
import type { DatasetFixture } from '../../runtime/sources/memory/fixtures.ts';
import { runExport } from '../../runtime/testing/run-export.ts';
import { rename } from 'node:fs/promises';

/** A real UPD file written by the bundled upd exporter from fixtures (every entry, every media). */
export async function writeUpdFile(dir: string, name: string, datasets: DatasetFixture[]): Promise<string> {
  const result = await runExport(UpdExport, { datasets, options: { include_medias: 'all', completed_entries: false } });
  if (result.status !== 'completed' || !result.output) throw new Error(`upd export ${result.status}: ${result.error}`);
  const target = join(dir, name);
  await rename(result.output.path, target);
  return target;
}
