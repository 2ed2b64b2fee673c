/**
 * COCO labels-only throughput (issue 5 target: >= 120k annotations/s on 100k images x 10
 * annotations). Run: `node bin/run-ts.js plugins/coco/bench/labels-only.ts [images] [generated|memory]`.
 * "generated" streams records batch by batch (as a database source does); "memory" first builds
 * the whole dataset in the in-memory source (untimed), whose large heap slows garbage collection.
 * The job is timed end to end: read, convert, write, zip. Prints annotations/s, the CPU time
 * used (all threads: a loaded machine stretches wall time, not CPU time) and peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource, MemorySource, type MemorySourceData, runExportJob } from 'idah-plugin/testing';
import { CocoExport } from '../backends/sync/coco/export.ts';
import { benchAnnotations, benchEntry, benchMedia, GeneratedSource } from './generated-source.ts';

const images = Number(process.argv[2] ?? 100_000);
const kind = process.argv[3] ?? 'generated';
const perImage = 10;

function memorySource(): MemorySource {
  const data: MemorySourceData = { datasets: [{ id: 'bench', name: 'bench', modality: 'idah-image', entries_count: images }], entries: [], annotations: [], medias: [] };
  for (let index = 0; index < images; index += 1) {
    const entry = benchEntry(index);
    data.entries.push(entry);
    data.medias.push({ record: benchMedia(entry), data: Buffer.alloc(0) });
    data.annotations.push(...benchAnnotations(entry, index, perImage));
  }
  return new MemorySource(data);
}

let peakRss = 0;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const source: DataSource = kind === 'memory' ? memorySource() : new GeneratedSource(images, perImage);
const baseRss = process.memoryUsage.rss();
const outDir = mkdtempSync(join(tmpdir(), 'coco-bench-'));
const started = performance.now();
const cpuBefore = process.cpuUsage();
const job = await runExportJob({
  exporter: { id: 'Coco::CocoExport', exporterClass: CocoExport },
  source,
  datasetIds: 'all',
  options: { include_medias: 'none' },
  outDir,
  logSink: () => undefined,
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sample);
rmSync(outDir, { recursive: true, force: true });
if (job.status !== 'completed') throw new Error(`the bench export ended ${job.status}: ${job.error}`);
const annotations = images * perImage;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
console.log(
  `coco labels-only (${kind} source): ${images} images x ${perImage} annotations in ${seconds.toFixed(2)} s = ` +
    `${Math.round(annotations / seconds).toLocaleString('en-US')} annotations/s (CPU ${cpuSeconds.toFixed(2)} s, all threads); peak RSS ${mb(peakRss)} (${mb(baseRss)} before the job); zip ${mb(job.output?.size ?? 0)}`,
);
