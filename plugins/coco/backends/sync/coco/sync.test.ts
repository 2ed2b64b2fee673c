import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';
import { Sync } from './sync.ts';

describe('coco sync', () => {
  it('registers the COCO exporter for idah-image only', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'coco', module: 'Coco' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Coco::CocoExport');
    expect(registration?.exporterClass).toBe(CocoExport);
    expect(selectorMatches(registration!.selector, 'idah-image')).toBe(true);
    expect(selectorMatches(registration!.selector, 'idah-video')).toBe(false);
  });
});
