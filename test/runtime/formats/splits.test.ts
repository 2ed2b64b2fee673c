import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLIT, splitAssigner, splitsOption, unitHash } from '../../../runtime/formats/splits.ts';
import type { EntryRecord } from '../../../runtime/records.ts';

const entry = (id: string, attributes: Partial<EntryRecord> = {}): EntryRecord => ({ id, dataset_id: 'd', ...attributes });
const ids = Array.from({ length: 20_000 }, (_, index) => `entry-${index}`);

describe('splits option', () => {
  it('puts everything in one "default" split when left out', () => {
    const assigner = splitAssigner(splitsOption.parse(undefined));
    expect(assigner.declared).toEqual([DEFAULT_SPLIT]);
    expect(assigner.splitOf(entry('a'))).toBe('default');
  });

  it('draws ratios deterministically per entry id, near the asked proportions', () => {
    const option = splitsOption.parse({ train: 0.7, val: 0.2, test: 0.1, seed: 7 });
    const assigner = splitAssigner(option);
    expect(assigner.declared).toEqual(['train', 'val', 'test']);
    const counts: Record<string, number> = {};
    for (const id of ids) counts[assigner.splitOf(entry(id))] = (counts[assigner.splitOf(entry(id))] ?? 0) + 1;
    expect(counts.train! / ids.length).toBeCloseTo(0.7, 1);
    expect(counts.val! / ids.length).toBeCloseTo(0.2, 1);
    expect(counts.test! / ids.length).toBeCloseTo(0.1, 1);
    // Same entry, same split: another assigner, other entries around it, any order.
    const again = splitAssigner(splitsOption.parse({ train: 0.7, val: 0.2, test: 0.1, seed: 7 }));
    for (const id of [...ids].reverse().slice(0, 500)) expect(again.splitOf(entry(id))).toBe(assigner.splitOf(entry(id)));
  });

  it('changes the draw with the seed', () => {
    const a = splitAssigner(splitsOption.parse({ train: 0.5, val: 0.5, seed: 1 }));
    const b = splitAssigner(splitsOption.parse({ train: 0.5, val: 0.5, seed: 2 }));
    const differing = ids.slice(0, 1000).filter((id) => a.splitOf(entry(id)) !== b.splitOf(entry(id))).length;
    expect(differing).toBeGreaterThan(400);
    expect(differing).toBeLessThan(600);
  });

  it('reads the split from an entry attribute or its metadata, with a default for the rest', () => {
    const assigner = splitAssigner(splitsOption.parse({ from: 'split', default: 'train', names: ['train', 'val'] }));
    expect(assigner.declared).toEqual(['train']);
    expect(assigner.splitOf(entry('a', { split: 'val' }))).toBe('val');
    expect(assigner.splitOf(entry('b', { metadata: { split: 'val' } }))).toBe('val');
    expect(assigner.splitOf(entry('c', { split: 'holdout' }))).toBe('train');
    expect(assigner.splitOf(entry('d'))).toBe('train');
    expect(assigner.splitOf(entry('e', { split: '../etc' }))).toBe('train');
    const open = splitAssigner(splitsOption.parse({ from: 'wf_step' }));
    expect(open.splitOf(entry('f', { wf_step: 'review-2' }))).toBe('review-2');
    expect(open.splitOf(entry('g'))).toBe('default');
  });

  it('refuses ratios that do not add up to 1, and bad split names', () => {
    const sum = splitsOption.safeParse({ train: 0.8, val: 0.1 });
    expect(sum.success).toBe(false);
    expect(JSON.stringify(sum.error?.issues)).toContain('expected the split ratios to add up to 1, got 0.9');
    const name = splitsOption.safeParse({ 'my split': 1 });
    expect(JSON.stringify(name.error?.issues)).toContain('expected a split name of letters, digits');
    expect(splitsOption.safeParse({ train: 2 }).success).toBe(false);
    expect(splitsOption.safeParse({ from: 'split', default: '../x' }).success).toBe(false);
  });
});

describe('unitHash', () => {
  it('is stable across runs and spread over [0, 1)', () => {
    expect(unitHash('abc')).toBe(unitHash('abc'));
    expect(unitHash('abc')).not.toBe(unitHash('abd'));
    const values = ids.map(unitHash);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Array(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)] += 1;
    for (const bucket of buckets) expect(Math.abs(bucket - ids.length / 10)).toBeLessThan(ids.length / 50);
  });
});
