import { spawn, spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../runtime/manifest/read-manifest.ts';
import { KEYS } from './support/keyboard.ts';
import { BIN, cleanEnvironment } from './support/run-bin.ts';
import { tempFolder } from './support/run-cli.ts';

// util-linux `script` runs the command in a pseudo-terminal: stdin and stderr are real TTYs.
const hasScript = spawnSync('script', ['--version']).status === 0;

function createInTerminal(cwd: string, steps: Array<[string, string]>): Promise<{ exitCode: number; screen: string }> {
  // A pseudo-terminal starts 0 columns wide: give it a size, or every character wraps.
  const command = 'stty cols 120 rows 40; "$IDAH_NODE" "$IDAH_BIN" create box-studio';
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: cleanEnvironment({ IDAH_NODE: process.execPath, IDAH_BIN: BIN }),
  });
  let screen = '';
  let step = 0;
  let answeredUpTo = 0;
  child.stdout.on('data', (chunk) => {
    screen += String(chunk);
    const next = steps[step];
    const at = next ? screen.indexOf(next[0], answeredUpTo) : -1;
    if (!next || at === -1) return;
    step++;
    answeredUpTo = at + next[0].length;
    setTimeout(() => child.stdin.write(next[1]), 50);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ exitCode: code ?? -1, screen })));
}

describe.skipIf(!hasScript)('create in a real pseudo-terminal', () => {
  it('prompts, and creates the plugin from the answers', { timeout: 60_000 }, async () => {
    const cwd = await tempFolder();
    const { exitCode, screen } = await createInTerminal(cwd, [
      ['Display name', `Box Studio${KEYS.enter}`],
      ['Description', `Boxes as JSON${KEYS.enter}`],
      ['Version', KEYS.enter],
      ['Backend services', `${KEYS.space}${KEYS.enter}`],
    ]);
    expect(exitCode, screen).toBe(0);
    expect(screen).toContain('created box-studio');
    expect(await readManifest(join(cwd, 'box-studio'))).toMatchObject({
      title: 'Box Studio',
      description: 'Boxes as JSON',
      version: '0.0.1',
    });
    expect(await readdir(join(cwd, 'box-studio/backends'))).toEqual(['sync']);
  });
});
