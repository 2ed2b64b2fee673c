import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, cleanEnvironment } from './run-bin.ts';

export interface ServiceProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching, or rejects with what the process said. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The same for stderr: it is a separate pipe, so what was written there may arrive after stdout's next line. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and resolves with the exit code and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `idah-plugin <argv>` (serve, worker) as a real long-running process. */
export function startBin(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ServiceProcess {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: cleanEnvironment(options.env) });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  const waitForOutput = (output: () => string, pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        const match = output().match(pattern);
        if (match) {
          clearInterval(timer);
          resolve(match);
        } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(timer);
          reject(new Error(`no ${pattern} from idah-plugin ${argv.join(' ')} (exit ${child.exitCode}):\n${out}\n${err}`));
        }
      }, 50);
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, timeoutMs) => waitForOutput(() => out, pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs) => waitForOutput(() => err, pattern, timeoutMs),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
