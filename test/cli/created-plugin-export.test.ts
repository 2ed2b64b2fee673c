import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twoDatasets } from '../support/fixtures.ts';
import { writeUpdFile } from '../support/upd-file.ts';
import { runCli, tempFolder } from './support/run-cli.ts';

describe('a plugin fresh from create', () => {
  it('exports an idah-image UPD file from the command line, as generated', async () => {
    const cwd = await tempFolder('idah-created-export-');
    expect((await runCli(['create', 'my-plugin', './plugins', '--yes', '--service', 'sync'], { cwd })).exitCode).toBe(0);
    await writeUpdFile(cwd, 'data.upd', twoDatasets(4, 2));
    const run = await runCli(['export', 'my-plugin', '--source', 'data.upd', '--json'], { cwd });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect(result).toMatchObject({ event: 'result', status: 'completed', exporter: 'MyPlugin::Export' });
    expect(result.output.path).toBe(join(cwd, 'exports', result.output.filename));
    const document = JSON.parse(await readFile(result.output.path, 'utf8'));
    expect(JSON.stringify(document)).toContain('big-0');
  });
});
