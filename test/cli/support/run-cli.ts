import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../../../cli/main.ts';
import type { PromptingEnvironment, Prompter } from '../../../cli/prompts/prompter.ts';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  interactive?: boolean;
  prompter?: Prompter;
  stdin?: Readable;
  /** The environment the CLI sees (default empty). */
  env?: NodeJS.ProcessEnv;
  /** Sees stderr as it is written (prompts are drawn there). */
  onStderr?: (text: string) => void;
}

function collector(onText?: (text: string) => void) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      onText?.(text);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs the CLI in this process, as `idah-plugin <argv>` would from `cwd`. */
export async function runCli(argv: string[], options: RunCliOptions): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector(options.onStderr);
  const environment: PromptingEnvironment = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: options.stdin ?? new PassThrough(),
    interactive: options.interactive ?? false,
    cwd: options.cwd,
    env: options.env ?? {},
    exitCode: 0,
    ...(options.prompter && { prompter: options.prompter }),
  };
  const exitCode = await main(argv, environment);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A temp folder removed after the current test. */
export async function tempFolder(prefix = 'idah-scaffold-'): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}
