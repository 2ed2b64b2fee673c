// `npm run bench -- startup`: how long the CLI takes to start, as ratios to floors measured in
// the same run (a bare `node -e ''`, and Node opening DuckDB), so a busy machine moves floors and
// commands together. Runs everything BENCH_STARTUP_RUNS times (default 7), interleaved, and prints
// medians of wall time and of CPU time (user + system, the command's child processes included,
// read from GNU time). Builds dist/ first when it is missing, to time the compiled host as
// installed users run it beside the sources a checkout runs.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'idah-plugin.js');
const runs = Math.max(1, Number(process.env.BENCH_STARTUP_RUNS ?? 7));
const TARGET_RATIO = 3;
/** Absolute goals on an idle machine, beside the ratio (a loaded machine may miss them). */
const TARGET_WALL_MS: Record<string, number> = { '--version': 150, '--help': 150, 'formats --json': 600 };
const GNU_TIME = '/usr/bin/time';
if (!existsSync(GNU_TIME)) {
  process.stderr.write(`the start-up bench reads CPU time from GNU time, expected at ${GNU_TIME} (Debian: apt-get install time)\n`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'idah-startup-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

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

interface Sample {
  wall: number;
  cpu: number;
}

/** Wall and CPU milliseconds from spawn to exit; a failing run is an error, not a fast number. */
function measure(testCase: Case): Promise<Sample> {
  const timesFile = join(scratch, 'times');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%U %S', '-o', timesFile, process.execPath, ...testCase.args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...testCase.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`${testCase.label} exited ${code}: ${stderr}`));
      const [user = NaN, system = NaN] = readFileSync(timesFile, 'utf8').trim().split(/\s+/).map(Number);
      resolve({ wall, cpu: (user + system) * 1000 });
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
const samples = new Map<Case, Sample[]>(cases.map((testCase) => [testCase, []]));
// One warm-up round (file cache, tsx's transform cache), then interleaved timed rounds.
for (const testCase of cases) await measure(testCase);
for (let round = 0; round < runs; round += 1) {
  for (const testCase of cases) samples.get(testCase)!.push(await measure(testCase));
}

const medians = new Map(
  cases.map((testCase) => {
    const taken = samples.get(testCase)!;
    return [testCase, { wall: median(taken.map((sample) => sample.wall)), cpu: median(taken.map((sample) => sample.cpu)) }];
  }),
);
const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
process.stdout.write(`\nstart-up, median of ${runs} runs: wall, CPU (user + system), wall ratio to the floor\n`);
for (const floor of floors) {
  const { wall, cpu } = medians.get(floor)!;
  process.stdout.write(`  floor  ${floor.label.padEnd(34)}${ms(wall)} wall ${ms(cpu)} cpu\n`);
}
for (const { args, floor } of commands) {
  const floorCase = floors[floor]!;
  const command = args.join(' ');
  for (const fromSources of ['0', '1'] as const) {
    const testCase = cases.find((candidate) => candidate.label === cliCase(command, fromSources, args).label)!;
    const { wall, cpu } = medians.get(testCase)!;
    const ratio = wall / medians.get(floorCase)!.wall;
    const goal = TARGET_WALL_MS[command];
    const verdict = fromSources === '0' ? (ratio <= TARGET_RATIO ? 'ok' : 'MISSED') : '(checkout)';
    const absolute = fromSources === '0' && goal !== undefined ? `, ${wall <= goal ? 'under' : 'OVER'} ${goal} ms` : '';
    process.stdout.write(
      `  ${testCase.label.padEnd(41)}${ms(wall)} wall ${ms(cpu)} cpu  ${ratio.toFixed(2)}x ${floorCase.label}  target ≤ ${TARGET_RATIO}x ${verdict}${absolute}\n`,
    );
  }
}
