import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAILED_SKIPS, skipSummaryLines, SkipWarningGroups } from '../../cli/render/skip-groups.ts';
import { runBin } from './support/run-bin.ts';

const LINE_REASON = 'COCO has no line shape (a polyline is neither a box, a polygon nor a mask)';
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'idah-skip-warnings-'));
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('repeated skip warnings are grouped with counts; --json keeps every one', () => {
  it('the demo shows the first few in full and one counted line per reason in its summary', async () => {
    const demo = await runBin(['demo'], { cwd });
    expect(demo.exitCode).toBe(0);
    const detailed = demo.stderr.split('\n').filter((line) => line.includes('warn: skipped annotation'));
    expect(detailed).toHaveLength(DETAILED_SKIPS);
    expect(detailed.every((line) => line.endsWith(LINE_REASON))).toBe(true);
    expect(demo.stderr).toContain(`  skipped 22 annotations: ${LINE_REASON} (first ${DETAILED_SKIPS} shown above)\n`);
    expect(demo.stderr).not.toContain('item(s) or annotation(s)');

    const json = await runBin(['export', 'coco', '--source', 'demo.upd', '--out', 'json-out', '--json'], { cwd });
    expect(json.exitCode).toBe(0);
    const skipLogs = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.event === 'log' && event.message.startsWith('skipped annotation'));
    expect(skipLogs).toHaveLength(22);
  }, 180_000);

  it('groups by what was skipped and why, largest first, and counts what no group holds', () => {
    const groups = new SkipWarningGroups(2);
    const warn = (message: string) => groups.admit({ level: 'warn', source: 'x', message, time: '' });
    const admitted = [
      warn('skipped annotation "a1" of entry "e" of dataset "d": no lines'),
      warn('skipped annotation "a2" of entry "e" of dataset "d": no lines'),
      warn('skipped annotation "a3" of entry "e" of dataset "d": no lines'),
      warn('skipped entry "e2" of dataset "d": its media was left out: gone'),
      warn('skipped 0 items and 3 annotations in all; each is listed in skipped.json'),
      groups.admit({ level: 'info', source: 'x', message: 'skipped annotation "a4" of entry "e" of dataset "d": no lines', time: '' }),
    ];
    expect(admitted).toEqual([true, true, false, true, true, true]);
    expect(skipSummaryLines(groups.groups, 5, 2)).toEqual([
      '  skipped 3 annotations: no lines (first 2 shown above)',
      '  skipped 1 entry: its media was left out: gone',
      '  skipped 1 more; see the log and the job record',
    ]);
  });
});
