import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { BIN, cleanEnvironment } from './support/run-bin.ts';
import { tempFolder } from './support/run-cli.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the real bin in a pseudo-terminal (util-linux `script`) and returns everything it drew. */
function inTerminal(cwd: string, args: string): Promise<{ exitCode: number; screen: string }> {
  const child = spawn('script', ['-qfec', `stty cols 120 rows 40; "$IDAH_NODE" "$IDAH_BIN" ${args}`, '/dev/null'], {
    cwd,
    env: cleanEnvironment({ IDAH_NODE: process.execPath, IDAH_BIN: BIN }),
  });
  let screen = '';
  child.stdout.on('data', (chunk) => (screen += String(chunk)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ exitCode: code ?? -1, screen })));
}

describe.skipIf(!hasScript)('export on a terminal', () => {
  it('draws a progress bar in place with count and rate, then a summary', { timeout: 60_000 }, async () => {
    const cwd = await tempFolder('idah-pty-');
    await writeUpdFile(cwd, 'data.upd', twoDatasets(400, 100));
    const { exitCode, screen } = await inTerminal(cwd, 'export json --source data.upd --out out');
    expect(exitCode).toBe(0);
    expect(screen).toContain('\r\x1b[2K');
    expect(screen).toMatch(/JSON \[[█░]{24}\] +\d+% {2}[\d,]+\/500 entries {2}[\d,]+\/s/);
    expect(screen).toMatch(/completed in .+ \(Json::JsonExport\)/);
    expect(screen).toMatch(/output {2}out\/json-\d{8}-\d{6}\.json/);
  });
});
