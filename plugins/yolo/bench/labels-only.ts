// YOLO labels only, on the in-memory source: `node bin/run-ts.js plugins/yolo/bench/labels-only.ts [images] [detect|segment]`.
// Prints the annotations per second of the whole job (export and the host's zip) and the peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySource, recordsFromFixtures, runExportJob } from 'idah-plugin/testing';
import { YoloExport } from '../backends/sync/yolo/export.ts';

const images = Number(process.argv[2] ?? 100_000);
const task = process.argv[3] ?? 'detect';
const perImage = 10;
const source = new MemorySource(
  recordsFromFixtures([
    {
      name: 'bench',
      entries: Array.from({ length: images }, (_, i) => ({
        name: `img-${i}`,
        medias: [{ filename: `img-${i}.jpg`, data: 'x', meta: { width: 640, height: 480 } }],
        annotations: Array.from({ length: perImage }, (_, j) => ({
          dimensions: (() => {
            const [x1, y1, x2, y2] = [0.01 * j, 0.02 * j, 0.01 * j + 0.1 + i / (images * 10), 0.02 * j + 0.2];
            return { type: 'idah-image:bounding-box', points: [[x1, y1], [x2, y1], [x2, y2], [x1, y2]], angle: 0 };
          })(),
          annotation: { category: `class-${(i + j) % 20}` },
        })),
      })),
    },
  ]),
);
const sourceRss = process.memoryUsage().rss;
let peakRss = sourceRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const events: { at: number; message: string; rss: number }[] = [];
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'yolo-bench-'));
const started = performance.now();
const job = await runExportJob({
  exporter: { id: 'Yolo::YoloExport', exporterClass: YoloExport },
  source,
  datasetIds: 'all',
  options: { include_medias: 'none', task },
  outDir: work,
  workRoot: work,
  logSink: (entry) => events.push({ at: performance.now() - started, message: entry.message, rss: process.memoryUsage().rss }),
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const annotations = images * perImage;
console.log(
  `yolo ${task} labels-only: ${images} images x ${perImage} annotations in ${seconds.toFixed(2)} s = ${Math.round(annotations / seconds)} annotations/s, ` +
    `peak RSS ${Math.round(peakRss / 1e6)} MB (${Math.round(sourceRss / 1e6)} MB before the job: the in-memory source), job ${job.status}${job.error ? `: ${job.error}` : ''}, zip ${job.output?.size ?? 0} bytes`,
);
for (const event of events) console.log(`  ${(event.at / 1000).toFixed(2)} s  rss ${Math.round(event.rss / 1e6)} MB  ${event.message}`);
rmSync(work, { recursive: true, force: true });
