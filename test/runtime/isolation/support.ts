import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ExportRunRequest } from '../../../runtime/jobs/export-runner.ts';
import { fixturePlugin } from '../plugins/support/fixtures.ts';
import { twoDatasets } from '../../support/fixtures.ts';
import { writeUpdFile } from '../../support/upd-file.ts';

/**
 * Each test gets a fresh folder that is TMPDIR for the host and its children, so "nothing
 * left in the temp folder" is checked on the real temp root, not on a shared one.
 */
export function isolatedTempRoot(): { root: () => string; upd: () => string; out: () => string } {
  let root = '';
  let upd = '';
  let previous: string | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'idah-isolation-test-'));
    upd = await writeUpdFile(root, 'data.upd', twoDatasets(6, 2));
    previous = process.env.TMPDIR;
    process.env.TMPDIR = join(root, 'tmp');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(root, 'tmp')));
  });
  afterEach(async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(root, { recursive: true, force: true });
  });
  return { root: () => root, upd: () => upd, out: () => join(root, 'out') };
}

/** What is in a folder (nothing when it does not exist). */
export async function listing(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

export function faultRequest(plugin: string, paths: { upd: string; out: string }, changes: Partial<ExportRunRequest> = {}): ExportRunRequest {
  return {
    exporter: plugin,
    plugins: { paths: [fixturePlugin(plugin)], cwd: paths.out, includeBundled: false },
    source: { kind: 'upd', path: paths.upd },
    datasetIds: 'all',
    outDir: paths.out,
    logSink: () => {},
    ...changes,
  };
}
