// The UPD writer against DuckDB's own insert of the same rows in the same run: ours builds
// BENCH_UPD_ENTRIES (default 100,000) entries x 10 annotations through UpdWriter; the floor
// copies that file's rows into a fresh file of the same schema with `INSERT ... SELECT`.
// Run alone: `node bin/run-ts.js bench/upd-writer.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './time-command.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const entries = Number(process.env.BENCH_UPD_ENTRIES ?? 100_000);
const PER_ENTRY = 10;
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

const work = mkdtempSync(join(tmpdir(), 'idah-bench-upd-'));
try {
  const ours = join(work, 'ours.upd');
  const measured = await measure('measure-upd-writer.ts', [ours, String(entries), String(PER_ENTRY)]);
  const floor = await measure('measure-upd-insert.ts', [ours, join(work, 'floor.upd')]);
  const ratio = measured.wall_ms / floor.wall_ms;
  console.log(
    `upd writer ${entries} x ${PER_ENTRY}: ours ${(measured.wall_ms / 1000).toFixed(2)}s (${(measured.cpu_ms / 1000).toFixed(2)}s CPU), peak RSS ${mb(measured.rss_peak)} | ` +
      `DuckDB INSERT ... SELECT ${(floor.wall_ms / 1000).toFixed(2)}s (${(floor.cpu_ms / 1000).toFixed(2)}s CPU), peak RSS ${mb(floor.rss_peak)} | ratio ${ratio.toFixed(2)}`,
  );
  console.log(`  target upd writer within ${TARGET_RATIO}x of DuckDB's insert (wall, both multi-threaded): ${ratio.toFixed(2)} ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
