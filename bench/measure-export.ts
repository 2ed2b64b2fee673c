// One export measured as users run it: `idah-plugin export <exporter> --source <file.upd> --json`,
// the CLI process and the export's own child process (runtime/isolation), under GNU time.
// By default the host runs compiled (dist/, what an installed package runs), built afresh from
// the sources by buildBenchHost() so it is never stale; BENCH_HOST=sources runs the TypeScript
// sources through tsx instead, as a git checkout does. The start-up difference between the two
// is what `npm run bench -- startup` measures.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleProcessTree } from './memory-sampler.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'idah-plugin.js');
const GNU_TIME = '/usr/bin/time';

export const benchHost = benchHostAsked(process.env.BENCH_HOST);

function benchHostAsked(asked: string | undefined): 'compiled' | 'sources' {
  if (asked === undefined || asked === '' || asked === 'compiled') return 'compiled';
  if (asked === 'sources') return 'sources';
  throw new Error(`BENCH_HOST: expected compiled or sources, got ${JSON.stringify(asked)}`);
}

/** Builds dist/ from the sources as they are (about 6 s) when the compiled host is measured. */
export async function buildBenchHost(): Promise<void> {
  if (benchHost === 'compiled') await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
}

export interface CliExportFigures {
  /** The whole tree (CLI and export child, every thread), seconds, from GNU time. */
  user_s: number;
  sys_s: number;
  wall_s: number;
  /** The largest resident set of any one process of the tree (the kernel's figure, from GNU time), bytes. */
  rss_peak: number;
  /** The CLI's and the export child's own high-water marks as polled (to tell whose the peak is). */
  cli_rss_peak: number;
  child_rss_peak: number;
  /** The job's own start to finish (started_at -> finished_at), seconds: the export without start-up. */
  export_wall_s: number;
  output_bytes: number;
}

export interface CliExportRequest {
  file: string;
  exporter: string;
  options: object;
  /** Where the children write scratch files (TMPDIR). */
  scratch: string;
  /** Copy the output here when given. */
  keepPath?: string;
}

export async function measureCliExport(request: CliExportRequest): Promise<CliExportFigures> {
  const outDir = await mkdtemp(join(request.scratch, 'export-out-'));
  const timesFile = join(outDir, '..', `${outDir.split('/').at(-1)}.times`);
  try {
    const args = ['export', request.exporter, '--source', request.file, '--out', outDir, '--options-json', JSON.stringify(request.options), '--json'];
    const child = spawn(GNU_TIME, ['-f', '%e %U %S %M', '-o', timesFile, process.execPath, bin, ...args], {
      cwd: root,
      env: { ...process.env, TMPDIR: request.scratch, IDAH_PLUGIN_FROM_SOURCES: benchHost === 'compiled' ? '0' : '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tree = sampleProcessTree(child.pid ?? 0);
    let lastLine = '';
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      const complete = lines.filter(Boolean).at(-1);
      if (complete) lastLine = complete;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    const { processes } = tree.stop();
    if (pending.trim()) lastLine = pending;
    const result = JSON.parse(lastLine || '{}') as { event?: string; status?: string; error?: string; started_at?: string; finished_at?: string; output?: { path: string; size: number } };
    if (code !== 0 || result.event !== 'result' || result.status !== 'completed' || !result.output) {
      throw new Error(`idah-plugin export ${request.exporter} exited ${code}, ${result.status ?? 'no result'}: ${result.error ?? ''} ${stderr}`);
    }
    if (request.keepPath) await copyFile(result.output.path, request.keepPath);
    const [wall = NaN, user = NaN, system = NaN, maxKb = NaN] = (await readFile(timesFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
    const peakOf = (command: string) => Math.max(0, ...[...processes.values()].filter((each) => each.command === command).map((each) => each.peak));
    return {
      user_s: user,
      sys_s: system,
      wall_s: wall,
      rss_peak: maxKb * 1024,
      cli_rss_peak: peakOf('idah-plugin.js'),
      child_rss_peak: peakOf('child-bootstrap.mjs'),
      export_wall_s: (Date.parse(result.finished_at ?? '') - Date.parse(result.started_at ?? '')) / 1000,
      output_bytes: result.output.size,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await rm(timesFile, { force: true });
  }
}
