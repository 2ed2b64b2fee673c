// One measurement in its own process (clean peaks): export a UPD file through the context API.
// Usage: measure-export.ts <file.upd> <exporter> [options-json]. Prints one JSON line.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadHost, openUpdSource, runExportJob } from '../runtime/host.ts';
import { sampleMemory } from './memory-sampler.ts';

const [updPath, exporter, optionsJson] = process.argv.slice(2);
if (!updPath || !exporter) throw new Error('usage: measure-export.ts <file.upd> <exporter> [options-json]');
const quiet = createLogger('bench', () => {});
const host = await loadHost({ includeBundled: true, pluginPaths: [], logger: quiet });
const registration = host.registry.resolve(exporter);
const outDir = await mkdtemp(join(tmpdir(), 'idah-bench-'));
global.gc?.();
const memory = sampleMemory();
const started = performance.now();
const source = await openUpdSource(updPath);
const job = await runExportJob({
  exporter: registration,
  source,
  datasetIds: 'all',
  options: optionsJson ? JSON.parse(optionsJson) : {},
  outDir,
  logSink: () => {},
});
await source.close();
const wallMs = performance.now() - started;
const peaks = memory.stop();
await rm(outDir, { recursive: true, force: true });
if (job.status !== 'completed') throw new Error(`export ${job.status}: ${job.error}`);
process.stdout.write(
  `${JSON.stringify({ wall_ms: wallMs, rss_peak: peaks.rss, heap_peak: peaks.heapUsed, live_heap_peak: peaks.liveHeap, output_bytes: job.output?.size ?? 0 })}\n`,
);
