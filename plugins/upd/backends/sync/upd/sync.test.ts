import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { UpdExport } from './export.ts';
import { Sync } from './sync.ts';

describe('upd sync', () => {
  it('registers the UPD exporter for every modality', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'upd', module: 'Upd' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Upd::UpdExport');
    expect(registration?.exporterClass).toBe(UpdExport);
    for (const modality of ['idah-image', 'idah-video', 'anything-else']) {
      expect(selectorMatches(registration!.selector, modality)).toBe(true);
    }
  });
});
