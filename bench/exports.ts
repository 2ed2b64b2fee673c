// `npm run bench` (exports): json, csv, coco and yolo exports of the same synthetic UPD file, each
// run as users run it (`idah-plugin export`, the CLI and its export child; see measure-export.ts:
// the compiled host an installed package runs, built first; BENCH_HOST=sources for tsx),
// beside the floors measured in the same run: DuckDB reading the rows alone, a minimal writer of
// the same bytes (bench/minimal), and for yolo the Python JSON2YOLO-style converter on our COCO JSON.
// Sizes: `npm run bench -- --sizes 10000,100000,300000` (or BENCH_SIZES); default 10000,100000.
// The floors run at one size only (`--floors-at N`; default 100000 when asked for, else the
// largest size under it): the other sizes measure ours alone, for the scaling. `--workloads
// json,yolo` measures only those. A start-up baseline (the same export of 100 entries) shows how
// much of each peak RSS the process holds before any data.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readZipEntries } from '../runtime/testing/read-output.ts';
import { benchHost, buildBenchHost, type CliExportFigures, measureCliExport } from './measure-export.ts';
import type { ProcessFigures } from './process-figures.ts';
import { COCO_MEMBER } from './minimal/coco-writer.ts';
import { syntheticUpd } from './synthetic-upd.ts';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, 'out');
const ANNOTATIONS_PER_ENTRY = 10;
const MB = 1024 * 1024;
const RSS_LIMIT = 350 * MB;

function sizesAsked(): number[] {
  const flag = process.argv.indexOf('--sizes');
  const text = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_SIZES ?? (process.env.BENCH_ENTRIES ? `${Math.round(Number(process.env.BENCH_ENTRIES) / 10)},${process.env.BENCH_ENTRIES}` : '10000,100000');
  const sizes = (text ?? '').split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--sizes: expected entry counts such as 10000,100000, got ${text}`);
  return sizes;
}

const flagValue = (name: string) => {
  const flag = process.argv.indexOf(name);
  return flag >= 0 ? process.argv[flag + 1] : undefined;
};

/** The size the floors (DuckDB alone, minimal writers, Python) are measured at. */
function floorsSize(sizes: number[]): number {
  const asked = flagValue('--floors-at');
  if (asked !== undefined) {
    if (!sizes.includes(Number(asked))) throw new Error(`--floors-at: expected one of --sizes (${sizes.join(',')}), got ${asked}`);
    return Number(asked);
  }
  if (sizes.includes(100_000)) return 100_000;
  const under = sizes.filter((size) => size <= 100_000);
  return under.length > 0 ? Math.max(...under) : Math.min(...sizes);
}

/** Children write their scratch files here: other processes sweeping the system temp folder cannot take them. */
const scratch = join(outDir, 'tmp');

async function measure(command: string, args: string[]): Promise<ProcessFigures> {
  const { stdout } = await run(command, args, { maxBuffer: 16 * MB, env: { ...process.env, TMPDIR: scratch } });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as ProcessFigures;
}
const tsChild = (script: string, args: string[]) => measure(process.execPath, [join(here, '..', 'bin', 'run-ts.js'), join(here, script), ...args]);

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
/**
 * The label files of our yolo zip one after the other in entry order (the synthetic entry N has
 * the image image-N.png), hashed: the text the minimal writer writes in one stream.
 */
async function zippedLabelsSha256(zip: string, entries: number): Promise<string> {
  const files = await readZipEntries(zip);
  const hash = createHash('sha256');
  for (let index = 0; index < entries; index += 1) hash.update(files.get(`labels/default/image-${index}.txt`) ?? Buffer.alloc(0));
  return hash.digest('hex');
}
/**
 * Whether the minimal writer wrote what ours did: yolo's label text (ours zipped per file, the
 * minimal in one stream), coco's JSON member (both zipped: each unzipped by Info-ZIP), json and csv byte for byte.
 */
async function sameOutput(workload: string, paths: { ours: string; oursCocoJson?: string; minimal: string; entries: number; work: string }): Promise<boolean> {
  if (workload === 'yolo') return (await zippedLabelsSha256(paths.ours, paths.entries)) === (await sha256(paths.minimal));
  if (workload === 'coco') {
    if (!paths.oursCocoJson) return false;
    const minimalJson = extract(paths.minimal, COCO_MEMBER, join(paths.work, 'minimal-coco-unzipped'));
    return (await sha256(paths.oursCocoJson)) === (await sha256(minimalJson));
  }
  return (await sha256(paths.ours)) === (await sha256(paths.minimal));
}

function extract(zip: string, member: string, dir: string): string {
  const done = spawnSync('unzip', ['-o', '-q', zip, member, '-d', dir]);
  if (done.status !== 0) throw new Error(`unzip ${zip} ${member}: ${done.stderr}`);
  return join(dir, member);
}

const s = (seconds: number) => `${seconds.toFixed(2)}s`;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const perSecond = (annotations: number, seconds: number) => Math.round(annotations / seconds);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const pythonPresent = spawnSync('python3', ['--version']).status === 0;

const WORKLOADS = [
  { name: 'json', exporter: 'json', options: {}, minimal: 'json', target: 150_000 },
  { name: 'csv', exporter: 'csv', options: {}, minimal: 'csv', target: undefined },
  // Reproducible: a fixed date_created, so the minimal writer can write the same bytes.
  { name: 'coco', exporter: 'coco', options: { include_medias: 'none', reproducible: true }, minimal: 'coco', target: 120_000 },
  { name: 'yolo', exporter: 'yolo', options: { include_medias: 'none' }, minimal: 'yolo-labels', target: 100_000 },
] as const;

interface Row {
  size: number;
  workload: string;
  ours: CliExportFigures;
  minimal?: ProcessFigures;
}

type Workload = (typeof WORKLOADS)[number];

/** The benches bench/run.ts runs after the exports, by the names `--workloads` knows them by. */
export const OTHER_BENCHES = ['host-zip', 'upd-writer'] as const;

/** `--workloads json,yolo,host-zip`: the names asked for (all when the flag is absent). */
export function workloadNamesAsked(): string[] {
  const known: string[] = [...WORKLOADS.map((workload) => workload.name), ...OTHER_BENCHES];
  const asked = flagValue('--workloads')?.split(',') ?? known;
  const unknown = asked.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`--workloads: expected some of ${known.join(',')}, got ${unknown.join(',')}`);
  return asked;
}

const workloadsAsked = (): Workload[] => WORKLOADS.filter((workload) => workloadNamesAsked().includes(workload.name));

const BASELINE_ENTRIES = 100;
const peakLine = (figures: CliExportFigures) => `peak RSS ${mb(figures.rss_peak)} (export process ${mb(figures.child_rss_peak)}, CLI ${mb(figures.cli_rss_peak)})`;

export async function benchExports(): Promise<void> {
  const sizes = sizesAsked();
  const floorsAt = floorsSize(sizes);
  const workloads = workloadsAsked();
  if (workloads.length === 0) return;
  await mkdir(scratch, { recursive: true });
  const rows: Row[] = [];
  await buildBenchHost();
  console.log(`\n== exports through \`idah-plugin export\` (${benchHost === 'compiled' ? 'compiled dist/, built from these sources, as an installed package runs' : 'sources through tsx, as a checkout runs'}); floors at ${floorsAt} entries`);
  const tiny = await syntheticUpd(join(outDir, `synthetic-${BASELINE_ENTRIES}x${ANNOTATIONS_PER_ENTRY}-images.upd`), { entries: BASELINE_ENTRIES, annotationsPerEntry: ANNOTATIONS_PER_ENTRY, withMedia: true });
  const baselines = new Map<string, CliExportFigures>();
  for (const workload of workloads) {
    const baseline = await measureCliExport({ file: tiny, exporter: workload.exporter, options: workload.options, scratch });
    baselines.set(workload.name, baseline);
    console.log(`start-up ${workload.name.padEnd(5)} the same export of ${BASELINE_ENTRIES} entries: user ${s(baseline.user_s)}, wall ${s(baseline.wall_s)}, ${peakLine(baseline)}`);
  }
  for (const size of sizes) {
    const started = performance.now();
    const file = await syntheticUpd(join(outDir, `synthetic-${size}x${ANNOTATIONS_PER_ENTRY}-images.upd`), { entries: size, annotationsPerEntry: ANNOTATIONS_PER_ENTRY, withMedia: true });
    const annotations = size * ANNOTATIONS_PER_ENTRY;
    const withFloors = size === floorsAt;
    console.log(`\n== ${size} entries x ${ANNOTATIONS_PER_ENTRY} annotations (${annotations} annotations, an image record each; file ready in ${s((performance.now() - started) / 1000)})`);
    console.log('   times are whole processes (start-up included): user CPU of every thread, and wall; "export" is the job alone (started -> finished)');
    const floor = withFloors ? await tsChild('measure-floor.ts', [file]) : undefined;
    if (floor) console.log(`floor    DuckDB read alone: user ${s(floor.user_s)}, wall ${s(floor.wall_s)}, ${perSecond(annotations, floor.wall_s)} rows/s, peak RSS ${mb(floor.rss_peak)}`);
    const work = await mkdtemp(join(scratch, 'exports-'));
    try {
      let cocoJson: string | undefined;
      for (const workload of workloads) {
        const kept = join(work, `ours-${workload.name}`);
        const ours = await measureCliExport({ file, exporter: workload.exporter, options: workload.options, scratch, keepPath: kept });
        const rate = perSecond(annotations, ours.wall_s);
        const overBaseline = ours.rss_peak - (baselines.get(workload.name)?.rss_peak ?? 0);
        const line = [
          `${workload.name.padEnd(8)} ours: user ${s(ours.user_s)}, wall ${s(ours.wall_s)} (export ${s(ours.export_wall_s)}), ${rate} annotations/s, ${peakLine(ours)}, ${mb(overBaseline)} over the start-up baseline`,
        ];
        const row: Row = { size, workload: workload.name, ours };
        if (workload.name === 'coco' && withFloors) cocoJson = extract(kept, COCO_MEMBER, join(work, 'coco'));
        if (workload.minimal && withFloors) {
          const minimalOut = join(work, `minimal-${workload.name}`);
          const minimal = await tsChild(join('minimal', 'measure-minimal.ts'), [file, workload.minimal, minimalOut]);
          row.minimal = minimal;
          const same = await sameOutput(workload.name, { ours: kept, oursCocoJson: cocoJson, minimal: minimalOut, entries: size, work });
          line.push(
            `         minimal writer: user ${s(minimal.user_s)} (phase ${s(minimal.phase_user_s)}), wall ${s(minimal.wall_s)}, peak RSS ${mb(minimal.rss_peak)}; same ${workload.name === 'yolo' ? 'label text' : workload.name === 'coco' ? 'JSON member (its zip deflated alike)' : 'bytes'}: ${same ? 'yes' : 'NO'}`,
            `         ratio ours/minimal: user ${(ours.user_s / minimal.user_s).toFixed(2)}, wall ${(ours.wall_s / minimal.wall_s).toFixed(2)}; target <= 1.5 on user CPU: ${verdict(ours.user_s / minimal.user_s <= 1.5)}`,
          );
        }
        if (floor) line.push(`         ratio to the DuckDB floor: user ${(ours.user_s / floor.user_s).toFixed(2)}, wall ${(ours.wall_s / floor.wall_s).toFixed(2)}`);
        if (workload.target) line.push(`         target >= ${workload.target} annotations/s (wall, whole process): ${rate} ${verdict(rate >= workload.target)}`);
        if (size === 100_000) line.push(`         target peak RSS <= 350 MB at 100k: ${verdict(ours.rss_peak <= RSS_LIMIT)}`);
        if (workload.name === 'yolo' && withFloors && cocoJson && pythonPresent) {
          const python = await measure('python3', [join(here, 'python', 'json2yolo.py'), cocoJson, join(work, 'python-labels')]);
          line.push(
            `         Python JSON2YOLO-style on our COCO JSON (${python.numpy ? 'numpy' : 'plain floats'}): user ${s(python.user_s)}, wall ${s(python.wall_s)}, peak RSS ${mb(python.rss_peak)}`,
            `         ours faster than Python by (user CPU): ${(python.user_s / ours.user_s).toFixed(2)}x; target >= 2x: ${verdict(python.user_s / ours.user_s >= 2)}`,
            // Python writes 100k loose files (system time) where ours writes one zip; and its input, our COCO JSON, was made by an export not counted here.
            `         on user + system CPU: Python ${s(python.user_s + python.sys_s)}, ours ${s(ours.user_s + ours.sys_s)}: ${((python.user_s + python.sys_s) / (ours.user_s + ours.sys_s)).toFixed(2)}x; on wall: ${(python.wall_s / ours.wall_s).toFixed(2)}x` +
              (row.minimal ? `; the minimal writer (reading the UPD file) against Python: ${(python.user_s / row.minimal.user_s).toFixed(2)}x on user CPU` : ''),
          );
        } else if (workload.name === 'yolo' && withFloors) line.push(`         Python comparison not run: ${pythonPresent ? 'no COCO JSON (run the coco workload too)' : 'python3 not found'}`);
        console.log(line.join('\n'));
        rows.push(row);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  if (sizes.length > 1) printScaling(sizes, workloads, rows);
}

function printScaling(sizes: number[], workloads: Workload[], rows: Row[]): void {
  console.log(`\n== scaling ${sizes.join(' -> ')} entries: peak RSS, annotations/s (wall, whole process), user CPU per 1,000 annotations`);
  for (const { name } of workloads) {
    const mine = rows.filter((row) => row.workload === name);
    const rss = mine.map((row) => row.ours.rss_peak);
    const growth = Math.max(...rss) / Math.min(...rss) - 1;
    const rates = mine.map((row) => perSecond(row.size * ANNOTATIONS_PER_ENTRY, row.ours.wall_s)).join(' -> ');
    const perK = mine.map((row) => ((row.ours.user_s * 1000 * 1000) / (row.size * ANNOTATIONS_PER_ENTRY)).toFixed(1)).join(' -> ');
    console.log(`${name.padEnd(8)} RSS ${rss.map(mb).join(' -> ')} (spread ${(growth * 100).toFixed(0)}%; target flat within 15%: ${verdict(growth <= 0.15)})`);
    console.log(`         annotations/s ${rates}; user ms per 1k annotations ${perK}`);
  }
}
