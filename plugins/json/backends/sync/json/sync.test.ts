import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { JsonExport } from './export.ts';
import { Sync } from './sync.ts';

describe('json sync', () => {
  it('registers the JSON exporter for every modality', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'json', module: 'Json' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Json::JsonExport');
    expect(registration?.exporterClass).toBe(JsonExport);
    for (const modality of ['idah-image', 'idah-video', 'anything-else']) {
      expect(selectorMatches(registration!.selector, modality)).toBe(true);
    }
  });
});
