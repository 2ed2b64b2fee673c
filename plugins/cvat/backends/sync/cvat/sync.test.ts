import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { CvatExport } from './export.ts';
import { Sync } from './sync.ts';

describe('cvat sync', () => {
  it('registers the CVAT exporter for idah-image only', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'cvat', module: 'Cvat' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Cvat::CvatExport');
    expect(registration?.exporterClass).toBe(CvatExport);
    expect(selectorMatches(registration!.selector, 'idah-image')).toBe(true);
    expect(selectorMatches(registration!.selector, 'idah-video')).toBe(false);
  });
});
