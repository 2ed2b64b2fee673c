import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressTracker } from '../../../runtime/context/progress.ts';
import type { ExportContext } from '../../../runtime/index.ts';
import { runExport } from '../../../runtime/testing/index.ts';

// Throttling is about time: the tests that wait use vitest's clock, not the machine's.
const useFakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
afterEach(() => {
  vi.useRealTimers();
});

const tracker = (counts: Record<string, number>, intervalMs = 0) => {
  const reports: number[] = [];
  const progress = new ProgressTracker({
    entryCounts: new Map(Object.entries(counts)),
    report: (value) => reports.push(value),
    intervalMs,
  });
  return { progress, reports };
};

describe('ProgressTracker', () => {
  it('weights datasets by their entry counts', () => {
    const { progress } = tracker({ big: 90, small: 10 });
    progress.advanceDataset('big', 1);
    expect(progress.value).toBeCloseTo(0.9);
    progress.advanceDataset('small', 0.5);
    expect(progress.value).toBeCloseTo(0.95);
  });

  it('weighs datasets equally when none has entries', () => {
    const { progress } = tracker({ a: 0, b: 0 });
    progress.advanceDataset('a', 1);
    expect(progress.value).toBeCloseTo(0.5);
  });

  it('is monotonic, never reads 1 before completion, and reports 1 on completion', () => {
    const { progress, reports } = tracker({ a: 10 });
    progress.advanceDataset('a', 0.6);
    progress.advanceDataset('a', 0.2);
    progress.setManual(0.1);
    expect(progress.value).toBeCloseTo(0.6);
    progress.advanceDataset('a', 1);
    progress.setManual(1);
    expect(progress.value).toBe(0.99);
    progress.complete();
    expect(reports.at(-1)).toBe(1);
    for (let index = 1; index < reports.length; index += 1) {
      expect(reports[index]).toBeGreaterThan(reports[index - 1] as number);
    }
  });

  it('a manual value larger than the automatic one wins', () => {
    const { progress } = tracker({ a: 10 });
    progress.advanceDataset('a', 0.1);
    progress.setManual(0.5);
    expect(progress.value).toBeCloseTo(0.5);
  });

  it('rejects a value outside 0..1', () => {
    const { progress } = tracker({ a: 1 });
    expect(() => progress.setManual(1.5)).toThrow(/expected a number from 0 to 1, got 1.5/);
    expect(() => progress.setManual(Number.NaN)).toThrow(RangeError);
  });

  it('throttles: a burst of updates gives one report, and the last value follows later', () => {
    useFakeClock();
    const { progress, reports } = tracker({ a: 10_000 }, 100);
    for (let done = 1; done <= 10_000; done += 1) progress.advanceDataset('a', done / 10_000);
    expect(reports.length).toBe(1);
    vi.advanceTimersByTime(99);
    expect(reports.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(reports.length).toBe(2);
    expect(reports.at(-1)).toBe(0.99);
  });

  it('stop() ends reporting and keeps the last value', () => {
    useFakeClock();
    const { progress, reports } = tracker({ a: 10 }, 50);
    progress.advanceDataset('a', 0.3);
    progress.advanceDataset('a', 0.4);
    progress.stop();
    vi.advanceTimersByTime(1_000);
    expect(reports).toEqual([0.3]);
  });

  it('a dataset never goes back, even between two throttled reports', () => {
    useFakeClock();
    const { progress, reports } = tracker({ a: 10, b: 10 }, 1_000);
    const seen: number[] = [];
    // 0.4 is reported at once; 0.8 waits for the next report; then a second pass restarts at 0.1.
    for (const fraction of [0.4, 0.8, 0.1, 0.5]) {
      progress.advanceDataset('a', fraction);
      seen.push(progress.value);
    }
    expect(seen).toEqual([0.2, 0.4, 0.4, 0.4]);
    vi.advanceTimersByTime(1_000);
    expect(reports).toEqual([0.2, 0.4]);
  });
});

describe('context.progress while an exporter reads', () => {
  it('never decreases, also over a second pass of the same dataset', async () => {
    const read: number[] = [];
    class TwoPasses {
      name = 'Two passes';
      description = 'Reads every entry twice';
      async export(context: ExportContext): Promise<void> {
        for await (const dataset of context.datasets) {
          for (let pass = 0; pass < 2; pass += 1) {
            for await (const _entry of dataset.entries()) read.push(context.progress);
          }
        }
        context.io.file({ format: 'txt' });
      }
    }
    const entries = Array.from({ length: 8 }, (_, index) => ({ name: `e${index}` }));
    const result = await runExport(TwoPasses, { datasets: [{ id: 'a', entries }, { id: 'b', entries }] });
    expect(result.status, result.error).toBe('completed');
    expect(read).toHaveLength(32);
    expect(read.at(-1)).toBeGreaterThan(0.9);
    const decreases = read.flatMap((value, index) => (index > 0 && value < read[index - 1]! ? [`${read[index - 1]} -> ${value} at read ${index}`] : []));
    expect(decreases).toEqual([]);
    const reported = result.progress;
    expect(reported.at(-1)).toBe(1);
    expect(reported.filter((value, index) => index > 0 && value < reported[index - 1]!)).toEqual([]);
  });
});

describe('ProgressTracker phases (steps)', () => {
  it('scales a step\'s own progress into its share and keeps the whole monotonic', () => {
    const { progress, reports } = tracker({ a: 4 });
    progress.beginPhase(0, 0.25);
    progress.setManual(0.5);
    expect(progress.value).toBeCloseTo(0.125);
    expect(progress.stepValue).toBeCloseTo(0.5);
    progress.endPhase();
    expect(progress.value).toBeCloseTo(0.25);
    progress.beginPhase(0.25, 0.75);
    expect(progress.stepValue).toBe(0);
    expect(progress.value).toBeCloseTo(0.25);
    progress.advanceDataset('a', 0.5);
    expect(progress.value).toBeCloseTo(0.625);
    progress.advanceDataset('a', 1);
    expect(progress.value).toBeCloseTo(0.99);
    for (let index = 1; index < reports.length; index += 1) expect(reports[index]).toBeGreaterThanOrEqual(reports[index - 1]!);
  });
});
