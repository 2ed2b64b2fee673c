import type { Readable, Writable } from 'node:stream';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliEnvironment {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** True when both stdin and stderr are terminals: only then may a command prompt. */
  interactive: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Set by a command's action; `main` returns it. */
  exitCode: number;
}

export function processEnvironment(): CliEnvironment {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    exitCode: 0,
  };
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** `IDAH_PLUGIN_INIT_TIMEOUT_MS`: how long one plugin's Sync.init may take (default 30 s). */
export function initTimeoutFrom(environment: CliEnvironment): number | undefined {
  const value = Number(environment.env.IDAH_PLUGIN_INIT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
