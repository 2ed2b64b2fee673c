import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildDemoDatasets, type Host, IdahPluginError, MemorySource, recordsFromFixtures, runExportJob } from '../../runtime/host.ts';

/**
 * Writes the demo dataset to `target` with the bundled UPD exporter, the same code path as any
 * export: generated images and labels in memory -> the upd plugin -> a real UPD file.
 */
export async function createDemoUpd(host: Host, target: string): Promise<void> {
  const registration = host.registry.resolve('upd');
  const source = new MemorySource(recordsFromFixtures(buildDemoDatasets()));
  // Published next to the target, so the last step is a rename on one file system even when
  // the temp folder is on another (publishing copies across that boundary).
  await mkdir(dirname(target), { recursive: true });
  const outDir = await mkdtemp(join(dirname(target), '.idah-demo-'));
  try {
    const job = await runExportJob({
      exporter: registration,
      source,
      datasetIds: 'all',
      options: { include_medias: 'all', completed_entries: false },
      outDir,
      logSink: () => {},
    });
    if (job.status !== 'completed' || !job.output) {
      throw new IdahPluginError('EXPORT_FAILED', `could not write the demo UPD file: ${job.error ?? 'no output'}`);
    }
    await rename(job.output.path, target);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
