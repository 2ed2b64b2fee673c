import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { CsvExport } from './export.ts';
import { Sync } from './sync.ts';

describe('csv sync', () => {
  it('registers the CSV exporter for every modality', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'csv', module: 'Csv' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Csv::CsvExport');
    expect(registration?.exporterClass).toBe(CsvExport);
    for (const modality of ['idah-image', 'idah-video', 'anything-else']) {
      expect(selectorMatches(registration!.selector, modality)).toBe(true);
    }
  });
});
