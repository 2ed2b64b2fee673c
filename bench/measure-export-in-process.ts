// One export in this process, through the context API, for CPU profiles of the export alone
// (`node --cpu-prof bin/run-ts.js bench/measure-export-in-process.ts <file.upd> json`); the bench
// measures the CLI as users run it (measure-export.ts). Usage: <file.upd> <exporter> [options-json]
// [keep-output-path]. Prints one JSON line.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadHost, openUpdSource, runExportJob } from '../runtime/host.ts';
import { printFigures, startPhase } from './process-figures.ts';

const [updPath, exporter, optionsJson, keepPath] = process.argv.slice(2);
if (!updPath || !exporter) throw new Error('usage: measure-export.ts <file.upd> <exporter> [options-json] [keep-output-path]');
const quiet = createLogger('bench', () => {});
const host = await loadHost({ includeBundled: true, pluginPaths: [], logger: quiet });
const registration = host.registry.resolve(exporter);
const outDir = await mkdtemp(join(tmpdir(), 'idah-bench-'));
const phase = startPhase();
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
const figures = phase.figures({ output_bytes: job.output?.size ?? 0 });
if (job.status === 'completed' && keepPath && job.output) await copyFile(job.output.path, keepPath);
await rm(outDir, { recursive: true, force: true });
if (job.status !== 'completed') throw new Error(`export ${job.status}: ${job.error}`);
printFigures(figures);
