import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHILD_HEAP_GROWING_PERCENT } from '../../../runtime/isolation/child-exec-argv.ts';
import { createIsolatedRunner, runExportIsolated } from '../../../runtime/isolation/run-export-isolated.ts';
import { faultRequest, isolatedTempRoot } from './support.ts';

const paths = isolatedTempRoot();

async function flagsOfChild(runner = runExportIsolated): Promise<{ execArgv: string[]; heapSizeLimit: number }> {
  const job = await runner(faultRequest('process-flags', { upd: paths.upd(), out: paths.out() }));
  expect(job.status).toBe('completed');
  return JSON.parse(await readFile(job.output!.path, 'utf8'));
}

describe("the export's process starts with its heap settings", { timeout: 120_000 }, () => {
  it('grows the old generation by a bounded factor, with no heap limit unless one is asked for', async () => {
    const { execArgv } = await flagsOfChild();
    expect(execArgv).toContain(`--heap-growing-percent=${CHILD_HEAP_GROWING_PERCENT}`);
    expect(execArgv.some((flag) => flag.startsWith('--max-old-space-size'))).toBe(false);
  });

  it('keeps the growth setting beside a memory limit, which caps the heap', async () => {
    const { execArgv, heapSizeLimit } = await flagsOfChild(createIsolatedRunner({ memoryLimitMb: 200 }));
    expect(execArgv).toEqual([`--heap-growing-percent=${CHILD_HEAP_GROWING_PERCENT}`, '--max-old-space-size=200']);
    expect(heapSizeLimit).toBeLessThan(300 * 1024 * 1024);
  });
});
