import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';

const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.js', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./support/load-host-script.ts', import.meta.url));

// In a plain Node process a promise that never settles keeps nothing alive: only a timer that
// is not unref'd stops Node from exiting 13 ("unsettled top-level await") with nothing said.
describe('the init timeout in a process of its own', () => {
  for (const plugin of ['fault-init-never-settles', 'fault-top-level-await']) {
    it(`${plugin}: the load ends with the plugin failed, not with exit 13`, async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [RUN_TS, SCRIPT, fixturePlugin(plugin), '3000'], { timeout: 60_000 });
      const failures = JSON.parse(stdout) as Array<{ plugin: string; code: string; message: string }>;
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ plugin });
      expect(failures[0]?.message).toMatch(/did not finish within 3000 ms/);
    });
  }
});
