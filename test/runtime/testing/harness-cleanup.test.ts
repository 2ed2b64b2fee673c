import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Starts the support script, waits for the output it reports, ends it with `signal`. */
async function exportThenEnd(signal: NodeJS.Signals): Promise<{ output: string; ended: number | string }> {
  const script = join(ROOT, 'test', 'runtime', 'testing', 'support', 'harness-export-then-wait.ts');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit').then(([code, name]) => (code ?? name) as number | string);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^output (.+)$/m.exec(stdout);
      if (line) resolve(line[1]!);
    });
    void exited.then((code) => reject(new Error(`the script ended (${code}) before its export:\n${stderr}`)));
    // The script waits for a signal: never leave it running.
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no export within 45 s:\n${stderr}`));
    }, 45_000).unref();
  });
  expect(existsSync(output)).toBe(true);
  child.kill(signal);
  return { output, ended: await exited };
}

describe("the harness's default output folder", () => {
  it('is removed when the process is ended by SIGTERM, as Vitest ends its workers, and the signal still ends it', async () => {
    const { output, ended } = await exportThenEnd('SIGTERM');
    expect(ended).toBe('SIGTERM');
    // The folder of all the process's runs, not only this run's.
    expect(existsSync(dirname(dirname(output)))).toBe(false);
  }, 60_000);
});
