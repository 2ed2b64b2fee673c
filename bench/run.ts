// `npm run bench`: synthetic UPD files, the DuckDB floor, and exports through the context API.
// Prints wall time, annotations per second, peak RSS and heap, ratios and whether each target holds.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { syntheticUpd } from './synthetic-upd.ts';

// `npm run bench -- service`: the Sync Service's figures instead (bench/service.ts).
if (process.argv[2] === 'service') {
  await import('./service.ts');
  process.exit(0);
}
// `npm run bench -- startup`: the CLI's start-up times as ratios to node's own (bench/startup.ts).
if (process.argv[2] === 'startup') {
  await import('./startup.ts');
  process.exit(0);
}
// `npm run bench -- unique-names`: output names for many same-named images (bench/unique-names.ts).
if (process.argv[2] === 'unique-names') {
  await import('./unique-names.ts');
  process.exit(0);
}

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, 'out');
const ANNOTATIONS_PER_ENTRY = 10;
const large = Number(process.env.BENCH_ENTRIES ?? 100_000);
const small = Math.max(1, Math.round(large / 10));

interface Measurement {
  wall_ms: number;
  rss_peak: number;
  heap_peak: number;
  live_heap_peak: number;
}

/** Timing runs leave GC to V8; `live` runs force a full GC every 250 ms to see what stays reachable. */
async function measure(script: string, args: string[], { live = false } = {}): Promise<Measurement> {
  const { stdout } = await run(
    process.execPath,
    [...(live ? ['--expose-gc'] : []), join(here, '..', 'bin', 'run-ts.js'), join(here, script), ...args],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Measurement;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (annotations: number, ms: number) => Math.round((annotations * 1000) / ms);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

await mkdir(outDir, { recursive: true });
const startedGenerating = performance.now();
const smallFile = await syntheticUpd(join(outDir, `synthetic-${small}x${ANNOTATIONS_PER_ENTRY}.upd`), { entries: small, annotationsPerEntry: ANNOTATIONS_PER_ENTRY });
const largeFile = await syntheticUpd(join(outDir, `synthetic-${large}x${ANNOTATIONS_PER_ENTRY}.upd`), { entries: large, annotationsPerEntry: ANNOTATIONS_PER_ENTRY });
// Image formats need each image's size: the same data with an image record per entry.
const imagesFile = await syntheticUpd(join(outDir, `synthetic-${large}x${ANNOTATIONS_PER_ENTRY}-images.upd`), {
  entries: large,
  annotationsPerEntry: ANNOTATIONS_PER_ENTRY,
  withMedia: true,
});
console.log(`synthetic files ready in ${((performance.now() - startedGenerating) / 1000).toFixed(1)}s (${small} and ${large} entries x ${ANNOTATIONS_PER_ENTRY} annotations)`);

const annotations = large * ANNOTATIONS_PER_ENTRY;
const floor = await measure('measure-floor.ts', [largeFile]);
console.log(`floor   DuckDB alone reading ${annotations} annotation rows: ${(floor.wall_ms / 1000).toFixed(2)}s, ${rate(annotations, floor.wall_ms)} rows/s, peak RSS ${mb(floor.rss_peak)}`);

const jsonSmall = await measure('measure-export.ts', [smallFile, 'json']);
const jsonLarge = await measure('measure-export.ts', [largeFile, 'json']);
const liveSmall = await measure('measure-export.ts', [smallFile, 'json'], { live: true });
const liveLarge = await measure('measure-export.ts', [largeFile, 'json'], { live: true });
const jsonRate = rate(annotations, jsonLarge.wall_ms);
const ratio = jsonLarge.wall_ms / floor.wall_ms;
const heapGrowth = jsonLarge.heap_peak / jsonSmall.heap_peak - 1;
const liveGrowth = liveLarge.live_heap_peak / liveSmall.live_heap_peak - 1;
console.log(`json    ${large} entries: ${(jsonLarge.wall_ms / 1000).toFixed(2)}s, ${jsonRate} annotations/s, peak RSS ${mb(jsonLarge.rss_peak)}, peak heap ${mb(jsonLarge.heap_peak)}, live heap ${mb(liveLarge.live_heap_peak)}`);
console.log(`json    ${small} entries: ${(jsonSmall.wall_ms / 1000).toFixed(2)}s, peak RSS ${mb(jsonSmall.rss_peak)}, peak heap ${mb(jsonSmall.heap_peak)}, live heap ${mb(liveSmall.live_heap_peak)}`);
console.log(`  target >= 150000 annotations/s: ${jsonRate} ${verdict(jsonRate >= 150_000)}`);
console.log(`  target ratio to floor <= 4: ${ratio.toFixed(2)} ${verdict(ratio <= 4)}`);
console.log(`  target peak RSS <= 350 MB: ${mb(jsonLarge.rss_peak)} ${verdict(jsonLarge.rss_peak <= 350 * 1024 * 1024)}`);
console.log(`  target peak heap ${small} vs ${large} entries within 20%: ${(heapGrowth * 100).toFixed(1)}% ${verdict(Math.abs(heapGrowth) <= 0.2)} (peak as V8 holds it, garbage included)`);
console.log(`  live heap (after full GC) ${small} vs ${large} entries: ${(liveGrowth * 100).toFixed(1)}% ${verdict(Math.abs(liveGrowth) <= 0.2)}`);

for (const [exporter, target, options] of [
  ['coco', 120_000, { include_medias: 'none' }],
  ['yolo', 100_000, { include_medias: 'none' }],
] as const) {
  let measured: Measurement;
  try {
    measured = await measure('measure-export.ts', [imagesFile, exporter, JSON.stringify(options)]);
  } catch (error) {
    const cause = (error as { stderr?: string }).stderr?.match(/Error: .*/)?.[0] ?? (error as Error).message;
    console.log(`${exporter.padEnd(7)} not measured: ${cause}`);
    continue;
  }
  const measuredRate = rate(annotations, measured.wall_ms);
  console.log(`${exporter.padEnd(7)} ${large} images labels only: ${(measured.wall_ms / 1000).toFixed(2)}s, ${measuredRate} annotations/s, peak RSS ${mb(measured.rss_peak)}, ratio to floor ${(measured.wall_ms / floor.wall_ms).toFixed(2)}`);
  console.log(`  target >= ${target} annotations/s: ${verdict(measuredRate >= target)}; peak RSS <= 350 MB: ${verdict(measured.rss_peak <= 350 * 1024 * 1024)}`);
}

// Host zip against Info-ZIP, and the UPD writer against DuckDB's own insert (each prints its own ratios).
await import('./host-zip.ts');
await import('./upd-writer.ts');
