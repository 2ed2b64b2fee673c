// `node bin/run-ts.js bench/startup.ts`: how long the CLI takes to start, as ratios to floors
// measured in the same run (a bare `node -e ''`, and Node opening DuckDB), so a busy machine
// moves floors and commands together. Runs everything BENCH_STARTUP_RUNS times (default 7),
// interleaved, and prints medians. Builds dist/ first when it is missing, to time the compiled
// host as installed users run it beside the sources a checkout runs.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'idah-plugin.js');
const runs = Math.max(1, Number(process.env.BENCH_STARTUP_RUNS ?? 7));
const TARGET_RATIO = 3;

interface Case {
  label: string;
  args: string[];
  env?: Record<string, string>;
}

const duckdbOpen =
  "const { DuckDBInstance } = await import('@duckdb/node-api'); const db = await DuckDBInstance.create(':memory:'); (await db.connect()).closeSync(); db.closeSync();";

const floors: Case[] = [
  { label: "node -e ''", args: ['-e', ''] },
  { label: 'node + DuckDB open', args: ['--input-type=module', '-e', duckdbOpen] },
];

const cliCase = (label: string, fromSources: '0' | '1', args: string[]): Case => ({
  label: `${label} (${fromSources === '1' ? 'sources' : 'compiled'})`,
  args: [bin, ...args],
  env: { IDAH_PLUGIN_FROM_SOURCES: fromSources },
});

const commands: Array<{ args: string[]; floor: number }> = [
  { args: ['--version'], floor: 0 },
  { args: ['--help'], floor: 0 },
  { args: ['formats', '--json'], floor: 1 },
];

/** Wall milliseconds from spawn to exit; a failing run is an error, not a fast number. */
function wallMs(testCase: Case): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, testCase.args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...testCase.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${testCase.label} exited ${code}: ${stderr}`));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  process.stdout.write('building dist/ (npm run build)…\n');
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
}

const cases: Case[] = [
  ...floors,
  ...commands.flatMap(({ args }) => [cliCase(args.join(' '), '0', args), cliCase(args.join(' '), '1', args)]),
];
const samples = new Map<Case, number[]>(cases.map((testCase) => [testCase, []]));
// One warm-up round (file cache, tsx's transform cache), then interleaved timed rounds.
for (const testCase of cases) await wallMs(testCase);
for (let round = 0; round < runs; round += 1) {
  for (const testCase of cases) samples.get(testCase)!.push(await wallMs(testCase));
}

const medians = new Map(cases.map((testCase) => [testCase, median(samples.get(testCase)!)]));
const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
process.stdout.write(`\nstart-up, median of ${runs} runs (wall)\n`);
for (const floor of floors) process.stdout.write(`  floor  ${floor.label.padEnd(34)}${ms(medians.get(floor)!)}\n`);
for (const { args, floor } of commands) {
  const floorCase = floors[floor]!;
  for (const fromSources of ['0', '1'] as const) {
    const testCase = cases.find((candidate) => candidate.label === cliCase(args.join(' '), fromSources, args).label)!;
    const ratio = medians.get(testCase)! / medians.get(floorCase)!;
    const verdict = fromSources === '0' ? (ratio <= TARGET_RATIO ? 'ok' : 'MISSED') : '(checkout)';
    process.stdout.write(
      `  ${testCase.label.padEnd(41)}${ms(medians.get(testCase)!)}  ${ratio.toFixed(2)}x ${floorCase.label}  target ≤ ${TARGET_RATIO}x ${verdict}\n`,
    );
  }
}
