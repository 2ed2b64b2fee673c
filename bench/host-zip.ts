// The host's zip of YOLO-like label files against Info-ZIP on the same trees in the same run:
// `zip -r` at the host's deflate level (the floor to meet; Info-ZIP's default, 6, is printed
// beside it) and `zip -0` (store), with the zips' sizes, peak RSS and its growth from
// 10k to 100k to 300k files. Run alone: `node bin/run-ts.js bench/host-zip.ts`.
// BENCH_ZIP_SIZES="10000,100000" changes the tree sizes (the ratio is taken at the middle one).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFLATE_LEVEL } from '../runtime/io/zip/zip-writer.ts';
import { timeCommand, type TimedRun } from './time-command.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const sizes = (process.env.BENCH_ZIP_SIZES ?? '10000,100000,300000').split(',').map(Number);
const TARGET_RATIO = 1.5;
const FLAT_WITHIN = 0.15;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** `labels/train/<stem>.txt` with ten YOLO box rows each, as the YOLO exporter writes them. */
function labelTree(root: string, files: number): string {
  const folder = join(root, 'labels', 'train');
  mkdirSync(folder, { recursive: true });
  for (let file = 0; file < files; file += 1) {
    let text = '';
    for (let row = 0; row < 10; row += 1) {
      const x = ((file * 7 + row * 13) % 80) / 100 + 0.05;
      text += `${(file + row) % 6} ${x.toFixed(6)} ${(x / 2 + 0.1).toFixed(6)} 0.100000 0.150000\n`;
    }
    writeFileSync(join(folder, `image-${String(file).padStart(7, '0')}.txt`), text);
  }
  writeFileSync(join(root, 'data.yaml'), 'path: .\ntrain: images/train\nnames:\n  0: car\n');
  return root;
}

interface Zipped extends TimedRun {
  size: number;
}

interface Ours extends Zipped {
  rss_before: number;
  /** CPU seconds of the zip itself, without the process start-up (which is measured by bench/startup.ts). */
  zip_cpu_s: number;
  zip_wall_s: number;
}

async function ours(tree: string, zipPath: string): Promise<Ours> {
  const timed = await timeCommand(process.execPath, [join(here, '..', 'bin', 'run-ts.js'), join(here, 'measure-host-zip.ts'), tree, zipPath]);
  const reported = JSON.parse(timed.stdout.trim().split('\n').at(-1)!) as { rss_before: number; cpu_ms: number; wall_ms: number };
  const size = statSync(zipPath).size;
  rmSync(zipPath, { force: true });
  return { ...timed, size, rss_before: reported.rss_before, zip_cpu_s: reported.cpu_ms / 1000, zip_wall_s: reported.wall_ms / 1000 };
}

async function infoZip(tree: string, zipPath: string, level: number): Promise<Zipped> {
  const timed = await timeCommand('zip', ['-q', '-r', `-${level}`, zipPath, '.'], { cwd: tree });
  const size = statSync(zipPath).size;
  rmSync(zipPath, { force: true });
  return { ...timed, size };
}

const work = mkdtempSync(join(tmpdir(), 'idah-bench-zip-'));
try {
  const rows: Array<{ files: number; ours: Ours; zip: Zipped; store: Zipped }> = [];
  for (const files of sizes) {
    const tree = labelTree(join(work, `tree-${files}`), files);
    const zipPath = join(work, `out-${files}.zip`);
    // Info-ZIP first, then ours, then Info-ZIP again: the floor is the faster of its two runs.
    const zipFirst = await infoZip(tree, zipPath, DEFLATE_LEVEL);
    const measured = await ours(tree, zipPath);
    const zipSecond = await infoZip(tree, zipPath, DEFLATE_LEVEL);
    const zipDefault = await infoZip(tree, zipPath, 6);
    const store = await infoZip(tree, zipPath, 0);
    const zip = zipFirst.cpu_s <= zipSecond.cpu_s ? zipFirst : zipSecond;
    rows.push({ files, ours: measured, zip, store });
    rmSync(tree, { recursive: true, force: true });
    const ratio = measured.zip_cpu_s / zip.cpu_s;
    console.log(
      `host zip ${files} label files: ours ${measured.zip_cpu_s.toFixed(2)}s CPU (${measured.zip_wall_s.toFixed(2)}s wall; whole process ${measured.cpu_s.toFixed(2)}s CPU), peak RSS ${mb(measured.rss_peak)} (${mb(measured.rss_peak - measured.rss_before)} over start-up) | ` +
        `zip -r -${DEFLATE_LEVEL} ${zip.cpu_s.toFixed(2)}s CPU (${zip.wall_s.toFixed(2)}s wall), ${mb(zip.rss_peak)} | zip -r -6 ${zipDefault.cpu_s.toFixed(2)}s CPU | zip -0 ${store.cpu_s.toFixed(2)}s CPU, ${mb(store.rss_peak)} | ratio to zip -r -${DEFLATE_LEVEL} ${ratio.toFixed(2)}\n` +
        `         sizes: ours ${mb(measured.size)}, zip -${DEFLATE_LEVEL} ${mb(zip.size)}, zip -6 ${mb(zipDefault.size)}, zip -0 ${mb(store.size)}`,
    );
  }
  const middle = rows.find((row) => row.files === 100_000) ?? rows[Math.floor(rows.length / 2)]!;
  const ratio = middle.ours.zip_cpu_s / middle.zip.cpu_s;
  console.log(`  target host zip within ${TARGET_RATIO}x of zip -r (at the same level, ${DEFLATE_LEVEL}) on ${middle.files} files (CPU): ${ratio.toFixed(2)} ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}`);
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const growth = last.ours.rss_peak / first.ours.rss_peak - 1;
  console.log(
    `  target host zip peak RSS flat (within ${FLAT_WITHIN * 100}%) from ${first.files} to ${last.files} files: ${mb(first.ours.rss_peak)} -> ${mb(last.ours.rss_peak)}, ${(growth * 100).toFixed(1)}% ${growth <= FLAT_WITHIN ? 'ok' : 'MISSED'}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
