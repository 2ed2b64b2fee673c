import { describe, expect, it } from 'vitest';
import { listFormatsIsolated } from '../../../runtime/isolation/list-formats-isolated.ts';
import { fixturePlugin } from '../plugins/support/fixtures.ts';

describe('listFormatsIsolated', () => {
  it('lists the good plugins and reports the ones whose loading hangs, spins or exits', async () => {
    const listed = await listFormatsIsolated({
      pluginPaths: ['good-single', 'fault-init-busy-loop', 'fault-init-exit', 'fault-init-never-settles'].map((name) => fixturePlugin(name)),
      includeBundled: false,
      initTimeoutMs: 3000,
    });
    expect(listed.formats.map((format) => format.exporter)).toEqual(['GoodSingle::TextLines']);
    const failures = Object.fromEntries(listed.failures.map((failure) => [failure.plugin, failure.message]));
    expect(Object.keys(failures).sort()).toEqual(['fault-init-busy-loop', 'fault-init-exit', 'fault-init-never-settles']);
    expect(failures['fault-init-busy-loop']).toMatch(/did not finish loading within 8000 ms/);
    expect(failures['fault-init-exit']).toMatch(/ended the listing process while loading \(exit code 3\)/);
    expect(failures['fault-init-never-settles']).toMatch(/did not finish within 3000 ms/);
  }, 300_000);
});
