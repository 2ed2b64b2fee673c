import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExportContext } from '../../../runtime/context/export-context.ts';
import { IdahPluginError } from '../../../runtime/errors.ts';
import type { Exporter } from '../../../runtime/exporter.ts';
import { includeMediasOption } from '../../../runtime/formats/common-options.ts';
import { MediaCopier, originalMediaOf } from '../../../runtime/formats/media-copy.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import type { MediaRecord } from '../../../runtime/records.ts';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';
import { readZipEntries } from '../../../runtime/testing/read-output.ts';

/** The real memory source; its media streams finish a little later, counting how many are open at once. */
class SlowMediaSource extends MemorySource {
  open = 0;
  mostOpen = 0;
  failOn: string | undefined;

  override async openMedia(media: MediaRecord): Promise<Readable> {
    if (media.filename === this.failOn) throw new IdahPluginError('SOURCE_READ_FAILED', `cannot read ${media.filename}`);
    const data = await super.openMedia(media);
    const slow = new PassThrough();
    this.open += 1;
    this.mostOpen = Math.max(this.mostOpen, this.open);
    data.pipe(slow, { end: false });
    data.on('end', () =>
      setTimeout(() => {
        this.open -= 1;
        slow.end();
      }, 5),
    );
    return slow;
  }
}

const options = z.object({ include_medias: includeMediasOption });

class CopyAll implements Exporter<z.output<typeof options>> {
  name = 'copy all';
  description = 'test exporter';
  options = options;

  async export(context: ExportContext<z.output<typeof options>>) {
    const copier = new MediaCopier(context.io, context.options.include_medias, { concurrency: 4 });
    try {
      for await (const dataset of context.datasets) {
        for await (const entry of dataset.entries()) {
          const original = await originalMediaOf(entry);
          await copier.copy(entry, original, `images/${original?.record.filename}`);
        }
      }
      await context.io.writeFile('bytes.txt', String(await copier.finish()));
    } finally {
      await copier.settle();
    }
  }
}

const outDirs: string[] = [];
afterEach(() => {
  for (const dir of outDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(source: SlowMediaSource) {
  const outDir = mkdtempSync(join(tmpdir(), 'media-copier-'));
  outDirs.push(outDir);
  const job = await runExportJob({
    exporter: { id: 'CopyAll', exporterClass: CopyAll },
    source,
    datasetIds: 'all',
    options: {},
    outDir,
  });
  return { job, outDir };
}

const fixtures = () =>
  recordsFromFixtures([
    { id: 'd', entries: Array.from({ length: 30 }, (_, i) => ({ id: `e${String(i).padStart(2, '0')}`, medias: [{ filename: `f${i}.png`, data: `bytes ${i}` }] })) },
  ]);

describe('MediaCopier', () => {
  it('overlaps copies up to its concurrency and copies every file whole', async () => {
    const source = new SlowMediaSource(fixtures());
    const { job } = await run(source);
    expect(job.error ?? undefined).toBeUndefined();
    expect(source.mostOpen).toBeGreaterThan(1);
    expect(source.mostOpen).toBeLessThanOrEqual(4);
    const files = await readZipEntries(job.output!.path);
    expect(files.get('images/f7.png')?.toString()).toBe('bytes 7');
    expect([...files.keys()].filter((name) => name.startsWith('images/'))).toHaveLength(30);
    const total = Array.from({ length: 30 }, (_, i) => `bytes ${i}`.length).reduce((a, b) => a + b, 0);
    expect(files.get('bytes.txt')?.toString()).toBe(String(total));
  });

  it('rethrows the first failure and leaves no copy running after the job', async () => {
    const source = new SlowMediaSource(fixtures());
    source.failOn = 'f12.png';
    const { job, outDir } = await run(source);
    expect(job.status).toBe('errored');
    expect(job.error).toContain('cannot read f12.png');
    expect(source.open).toBe(0);
    expect(readdirSync(outDir)).toEqual([]);
  });
});
