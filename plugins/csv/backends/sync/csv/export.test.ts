import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runExport } from 'idah-plugin/testing';
import { csvLine } from './csv-line.ts';
import { CSV_COLUMNS, CsvExport } from './export.ts';

const datasets = [
  {
    id: 'streets',
    name: 'Streets, "downtown"',
    entries: [
      {
        name: 'frame\n1',
        annotations: [
          { dimensions: { type: 'idah-image:bounding-box', x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, annotation: { category: 'vehicles/car', color: 'red' }, metadata: { note: 'a;b' } },
          { dimensions: { type: 'idah-image:polygon', points: [[0, 0], [1, 0], [1, 1]] }, annotation: { category: 'road' } },
        ],
        medias: [{ filename: 'frame 1.png', data: 'png' }, { key: 'thumb', filename: 'small.png', data: 'x' }],
      },
      { name: 'unlabelled', status: 'review', annotations: [] },
    ],
  },
];

/** Reads the CSV back with Python's csv module, a parser this project did not write. */
function parseWithPython(path: string, delimiter = ','): string[][] {
  const script = 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"), delimiter=sys.argv[2]))))';
  return JSON.parse(execFileSync('python3', ['-c', script, path, delimiter]).toString());
}

describe('csv exporter', () => {
  it('writes one row per annotation, quoted so a real CSV parser reads it back', async () => {
    const result = await runExport(CsvExport, { datasets });
    expect(result.status).toBe('completed');
    expect(result.output?.mime_type).toBe('text/csv');
    const [header, first, second, ...rest] = parseWithPython(result.output!.path);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rest).toEqual([]);
    expect(first?.slice(0, 8)).toEqual([
      'streets', 'Streets, "downtown"', 'streets-entry-000001', 'frame\n1', 'frame 1.png',
      'streets-entry-000001-annotation-0001', 'idah-image:bounding-box', 'vehicles/car',
    ]);
    expect(JSON.parse(first?.[8] ?? '')).toEqual({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
    expect(JSON.parse(first?.[9] ?? '')).toEqual({ color: 'red' });
    expect(JSON.parse(first?.[10] ?? '')).toEqual({ note: 'a;b' });
    expect(JSON.parse(second?.[8] ?? '')).toEqual({ points: [[0, 0], [1, 0], [1, 1]] });
  });

  it('honours the delimiter and byte order mark options', async () => {
    const result = await runExport(CsvExport, { datasets, options: { delimiter: ';', bom: true } });
    const bytes = await readFile(result.output!.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseWithPython(result.output!.path, ';');
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[1]?.[10] ?? '')).toEqual({ note: 'a;b' });
  });

  it('writes only the header when no annotation matches', async () => {
    const result = await runExport(CsvExport, { datasets, options: { entry_status: ['review'] } });
    expect(parseWithPython(result.output!.path)).toEqual([[...CSV_COLUMNS]]);
  });

  it('neutralises formula cells by default (OWASP: =, +, -, @, tab, CR), and keeps them raw when asked', async () => {
    const hostile = ['=HYPERLINK("http://x.test","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];
    const formulas = [{
      id: 'f',
      name: hostile[0],
      entries: hostile.slice(1).map((name, index) => ({
        id: `e${index}`,
        name,
        annotations: [{ dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 1, height: 1 }, annotation: { category: '=cmd|"/c calc"!A0' } }],
      })),
    }];
    const safe = await runExport(CsvExport, { datasets: formulas });
    expect(safe.status).toBe('completed');
    const [, ...rows] = parseWithPython(safe.output!.path);
    expect(rows.map((row) => row[3])).toEqual(hostile.slice(1).map((name) => `'${name}`));
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set([`'${hostile[0]}`]));
    expect(new Set(rows.map((row) => row[7]))).toEqual(new Set(['\'=cmd|"/c calc"!A0']));
    // No cell a spreadsheet reads starts a formula; JSON cells and plain names are untouched.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows[0]?.[8]).toBe('{"x":0,"y":0,"width":1,"height":1}');

    const raw = await runExport(CsvExport, { datasets: formulas, options: { neutralise_formulas: false } });
    const [, ...rawRows] = parseWithPython(raw.output!.path);
    expect(rawRows.map((row) => row[3])).toEqual(hostile.slice(1));
    expect(rawRows[0]?.[1]).toBe(hostile[0]);
  });

  it('writes a row with a cell of another type (a number, null) as csv-stringify does, beside rows of strings', async () => {
    const mixed = [{
      id: 'm',
      name: '-minus',
      entries: [
        { id: 'n', name: 42 as unknown as string, annotations: [{ id: 'a', dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 1, height: 1 }, annotation: { category: 'car' } }] },
        { id: 's', name: 'say "hi"', annotations: [
          { id: 'b', dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 1, height: 1 }, annotation: { category: 7 as unknown as string } },
          { id: 'c', dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 1, height: 1 }, annotation: { category: null as unknown as string, note: '=x' } },
          { id: '@d', dimensions: { type: 'idah-image:bounding-box', x: 0, y: 0, width: 1, height: 1 }, annotation: { category: 'a,b' }, metadata: { say: '"' } },
        ] },
      ],
    }];
    const box = '{"x":0,"y":0,"width":1,"height":1}';
    const expected = (neutralise: boolean) => {
      const guard = (cell: unknown) => (neutralise && typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
      // An entry's annotations come in id order.
      const rows: unknown[][] = [
        ['m', '-minus', 'n', 42, '', 'a', 'idah-image:bounding-box', 'car', box, '{}', '{}'],
        ['m', '-minus', 's', 'say "hi"', '', '@d', 'idah-image:bounding-box', 'a,b', box, '{}', '{"say":"\\""}'],
        ['m', '-minus', 's', 'say "hi"', '', 'b', 'idah-image:bounding-box', 7, box, '{}', '{}'],
        ['m', '-minus', 's', 'say "hi"', '', 'c', 'idah-image:bounding-box', '', box, '{"note":"=x"}', '{}'],
      ];
      return csvLine(CSV_COLUMNS, ',') + rows.map((row) => csvLine(row.map(guard), ',')).join('');
    };
    for (const neutralise of [true, false]) {
      const result = await runExport(CsvExport, { datasets: mixed, options: { neutralise_formulas: neutralise } });
      expect(result.status).toBe('completed');
      expect(await readFile(result.output!.path, 'utf8')).toBe(expected(neutralise));
    }
  });
});
