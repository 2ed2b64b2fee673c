import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS } from './support/keyboard.ts';
import { BIN, cleanEnvironment, runBin } from './support/run-bin.ts';
import { tempFolder } from './support/run-cli.ts';

/**
 * `create box-studio` in a pseudo-terminal (util-linux `script`: stdin and stderr are real TTYs,
 * so the real @clack/prompts draw and read keys); types `keys` once `whenShown` is on screen.
 * Needs `script`: without it the test fails, it does not skip.
 */
function createInTerminal(cwd: string, whenShown?: string, keys?: string): Promise<{ exitCode: number; screen: string }> {
  const command = 'stty cols 120 rows 40; "$IDAH_NODE" "$IDAH_BIN" create box-studio';
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: cleanEnvironment({ IDAH_NODE: process.execPath, IDAH_BIN: BIN }) });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (chunk) => {
    screen += String(chunk);
    if (!typed && whenShown && keys && screen.includes(whenShown)) {
      typed = true;
      setTimeout(() => child.stdin.write(keys), 100);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, screen }));
  });
}

describe('create: clashes before questions, --yes adds sync, Ctrl-C exits 130', () => {
  it('Ctrl-C at a prompt in a real terminal exits 130 and writes nothing', { timeout: 60_000 }, async () => {
    const cwd = await tempFolder();
    const { exitCode, screen } = await createInTerminal(cwd, 'Display name', KEYS.ctrlC);
    expect(screen).toContain('Operation cancelled');
    expect(exitCode, screen).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a folder that already holds files is reported before any question', { timeout: 60_000 }, async () => {
    const cwd = await tempFolder();
    await mkdir(join(cwd, 'box-studio'));
    await writeFile(join(cwd, 'box-studio', 'notes.txt'), 'mine\n');
    const { exitCode, screen } = await createInTerminal(cwd);
    expect(screen).toContain('error: expected a new plugin folder, but box-studio already exists and holds files; choose another name or output path, or pass --force');
    expect(screen).not.toContain('Display name');
    expect(exitCode, screen).toBe(2);
    expect(await readdir(join(cwd, 'box-studio'))).toEqual(['notes.txt']);
  });

  it('--yes alone creates the sync backend and says that it was the default; --service none makes none', { timeout: 60_000 }, async () => {
    const cwd = await tempFolder();
    const run = await runBin(['create', 'my-plugin', '--yes'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('backend services: sync (the default of --yes; --service media, --service sync,media or --service none to choose)');
    expect(await readdir(join(cwd, 'my-plugin/backends'))).toEqual(['sync']);
    const none = await runBin(['create', 'viewer', '--yes', '--service', 'none'], { cwd });
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.stdout).not.toContain('backend services:');
    expect(await readdir(join(cwd, 'viewer'))).not.toContain('backends');
  });
});
