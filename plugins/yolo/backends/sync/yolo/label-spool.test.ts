import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DatasetFixture, imageBox, readZipEntries, runExport } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';
import { LabelSpool } from './label-spool.ts';
import { formatMillionths } from './normalized-number.ts';

// 12 classes met in reverse order: provisional 0 is c11 (final 11), so ids change, some to 2 digits.
const CLASSES = 12;
const categoryOf = (index: number) => `c${String(CLASSES - 1 - (index % CLASSES)).padStart(2, '0')}`;
// 30,000 rows of ~38 bytes: one label file longer than the 1 MiB pieces the spool is read back in.
const BIG = 30_000;
const corner = (index: number) => [(index % 500) / 1000, ((index * 7) % 500) / 1000] as const;

const dataset: DatasetFixture = {
  id: 'many',
  name: 'Many',
  entries: [
    { id: 'small-1', medias: [{ filename: 'a.png', data: 'meta', meta: { width: 1000, height: 1000 } }], annotations: [{ id: 's1', dimensions: imageBox(0.1, 0.1, 0.2, 0.2), annotation: { category: 'c05' } }] },
    {
      id: 'big',
      medias: [{ filename: 'b.png', data: 'meta', meta: { width: 1000, height: 1000 } }],
      annotations: Array.from({ length: BIG }, (_, index) => {
        const [x, y] = corner(index);
        return { id: `b${String(index).padStart(5, '0')}`, dimensions: imageBox(x, y, x + 0.1, y + 0.1), annotation: { category: categoryOf(index) } };
      }),
    },
    { id: 'empty', medias: [{ filename: 'c.png', data: 'meta', meta: { width: 1000, height: 1000 } }] },
    { id: 'small-2', medias: [{ filename: 'd.png', data: 'meta', meta: { width: 1000, height: 1000 } }], annotations: [{ id: 's2', dimensions: imageBox(0.5, 0.5, 0.9, 0.7), annotation: { category: 'c10' } }] },
  ],
};

describe('yolo label spool: rows renumbered to the final class ids, whatever their length', () => {
  it('a label file longer than a read-back piece, between small and empty ones', async () => {
    const result = await runExport(YoloExport, { datasets: [dataset], options: { include_medias: 'none' }, selector: 'idah-image' });
    expect(result.error).toBeUndefined();
    const files = await readZipEntries(result.output!.path);
    const text = (name: string) => files.get(name)?.toString('utf8');
    expect(text('labels/default/a.txt')).toBe('5 0.150000 0.150000 0.100000 0.100000\n');
    expect(text('labels/default/c.txt')).toBe('');
    expect(text('labels/default/d.txt')).toBe('10 0.700000 0.600000 0.400000 0.200000\n');
    const rows = text('labels/default/b.txt')!.split('\n');
    expect(rows.pop()).toBe('');
    expect(rows).toHaveLength(BIG);
    rows.forEach((row, index) => {
      const [x, y] = corner(index);
      const expected = `${CLASSES - 1 - (index % CLASSES)} ${(x + 0.05).toFixed(6)} ${(y + 0.05).toFixed(6)} 0.100000 0.100000`;
      if (row !== expected) expect({ index, row }).toEqual({ index, row: expected });
    });
    expect(text('data.yaml')).toContain(`nc: ${CLASSES}`);
  });
});

describe('yolo label spool: rows encoded digit by digit', () => {
  it('write millionths as formatMillionths does, provisional numbers and text rows as given', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'yolo-spool-'));
    try {
      const spool = new LabelSpool(join(folder, 'labels.spool'));
      // Every digit count and the edges; then enough rows to fill the spool's buffer several times.
      const edges = [0, 1, 9, 10, 99, 100, 999, 1000, 99_999, 100_000, 123_456, 999_999, 1_000_000];
      const provisionals = [0, 7, 10, 99, 1234, 2_147_483_647];
      let expected = '';
      await spool.openFile('labels/default/édge é.txt');
      expected += '>labels/default/édge é.txt\n';
      for (const [index, value] of edges.entries()) {
        const provisional = provisionals[index % provisionals.length]!;
        spool.row(provisional, [value, edges[edges.length - 1 - index]!, value, value], 4);
        expected += `${provisional} ${formatMillionths(value)} ${formatMillionths(edges[edges.length - 1 - index]!)} ${formatMillionths(value)} ${formatMillionths(value)}\n`;
      }
      spool.textRow(3, '0.100000 0.200000 0.300000 0.400000 0.500000 0.600000');
      expected += '3 0.100000 0.200000 0.300000 0.400000 0.500000 0.600000\n';
      await spool.openFile('labels/default/empty.txt');
      expected += '>labels/default/empty.txt\n';
      await spool.openFile('labels/default/many.txt');
      expected += '>labels/default/many.txt\n';
      for (let index = 0; index < 60_000; index += 1) {
        const value = (index * 7919) % 1_000_001;
        spool.row(index % 13, [value, 1_000_000 - value], 2);
        expected += `${index % 13} ${formatMillionths(value)} ${formatMillionths(1_000_000 - value)}\n`;
      }
      await spool.close();
      expect(await readFile(join(folder, 'labels.spool'), 'utf8')).toBe(expected);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
