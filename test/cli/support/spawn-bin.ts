import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnvironment } from './run-bin.ts';

export const LAUNCHER = fileURLToPath(new URL('./launcher.mjs', import.meta.url));

export interface RunningBin {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code, or 128 + the signal number when a signal ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `idah-plugin <argv>` (or the launcher in front of it) and lets the test signal it. */
export function spawnBin(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; viaLauncher?: boolean }): RunningBin {
  const args = options.viaLauncher ? [LAUNCHER, BIN, ...argv] : [BIN, ...argv];
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: cleanEnvironment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}
