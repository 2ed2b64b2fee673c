import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TimedRun {
  wall_s: number;
  /** User + system CPU seconds. */
  cpu_s: number;
  /** Peak resident set in bytes, as the kernel counted it for the process. */
  rss_peak: number;
  stdout: string;
}

/** Runs a command under GNU time (`/usr/bin/time`), so our processes and Info-ZIP are measured the same way. */
export async function timeCommand(command: string, args: string[], options: { cwd?: string } = {}): Promise<TimedRun> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'TIMED %e %U %S %M', command, ...args], {
    maxBuffer: 64 * 1024 * 1024,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const line = stderr.split('\n').find((text) => text.startsWith('TIMED '));
  if (!line) throw new Error(`expected GNU time's figures on stderr of ${command}, got ${JSON.stringify(stderr.slice(-500))}`);
  const [wall, user, system, maxKb] = line.slice(6).split(' ').map(Number) as [number, number, number, number];
  return { wall_s: wall, cpu_s: user + system, rss_peak: maxKb * 1024, stdout };
}
