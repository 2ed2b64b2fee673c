import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from './csv-line.ts';

const CELLS: unknown[][] = [
  ['plain', '', 'with,comma', 'with;semicolon', 'with\ttab', 'say "hi"', 'line\nbreak', 'carriage\rreturn', "'=1+1", 'ünïcödé 🦆'],
  ['', '', ''],
  ['"', ',', ';', '\t', '\r\n'],
  ['a', 3, null, undefined, true, { x: 1 }],
];

describe('csvLine', () => {
  for (const delimiter of [',', ';', '\t']) {
    it(`writes the bytes csv-stringify writes, delimiter ${JSON.stringify(delimiter)}`, () => {
      for (const cells of CELLS) expect(csvLine(cells, delimiter)).toBe(stringify([cells], { delimiter }));
    });
  }
});
