// The UPD writer against DuckDB's own insert of the same rows in the same run: ours builds
// BENCH_UPD_ENTRIES (default 100,000) entries x 10 annotations through UpdWriter; the floor
// copies that file's rows into a fresh file of the same schema with `INSERT ... SELECT`. The two
// take turns BENCH_UPD_RUNS times (default 3) and the target is judged on the median ratio: one
// pair's ratio moves by 10% between identical runs here.
// Run alone: `node bin/run-ts.js bench/upd-writer.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './time-command.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const entries = Number(process.env.BENCH_UPD_ENTRIES ?? 100_000);
const PER_ENTRY = 10;
const RUNS = Number(process.env.BENCH_UPD_RUNS ?? 3);
const TARGET_RATIO = 1.5;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Reported {
  wall_ms: number;
  cpu_ms: number;
  rss_peak: number;
}

async function measure(script: string, args: string[]): Promise<Reported> {
  const timed = await timeCommand(process.execPath, [join(here, '..', 'bin', 'run-ts.js'), join(here, script), ...args]);
  return JSON.parse(timed.stdout.trim().split('\n').at(-1)!) as Reported;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'idah-bench-upd-'));
try {
  const ratios: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const ours = join(work, `ours-${run}.upd`);
    const measured = await measure('measure-upd-writer.ts', [ours, String(entries), String(PER_ENTRY)]);
    const floor = await measure('measure-upd-insert.ts', [ours, join(work, `floor-${run}.upd`)]);
    const ratio = measured.wall_ms / floor.wall_ms;
    ratios.push(ratio);
    console.log(
      `upd writer ${entries} x ${PER_ENTRY}, run ${run}/${RUNS}: ours ${(measured.wall_ms / 1000).toFixed(2)}s (${(measured.cpu_ms / 1000).toFixed(2)}s CPU), peak RSS ${mb(measured.rss_peak)} | ` +
        `DuckDB INSERT ... SELECT ${(floor.wall_ms / 1000).toFixed(2)}s (${(floor.cpu_ms / 1000).toFixed(2)}s CPU), peak RSS ${mb(floor.rss_peak)} | ratio ${ratio.toFixed(2)}`,
    );
    rmSync(ours, { force: true });
    rmSync(join(work, `floor-${run}.upd`), { force: true });
  }
  const judged = median(ratios);
  console.log(
    `  target upd writer within ${TARGET_RATIO}x of DuckDB's insert (wall, both multi-threaded; median of ${RUNS}): ${judged.toFixed(2)} ${judged <= TARGET_RATIO ? 'ok' : 'MISSED'}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
