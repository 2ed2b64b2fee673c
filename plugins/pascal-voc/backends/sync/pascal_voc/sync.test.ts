import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { PascalVocExport } from './export.ts';
import { Sync } from './sync.ts';

describe('pascal-voc sync', () => {
  it('registers the Pascal VOC exporter for idah-image only', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'pascal-voc', module: 'PascalVoc' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('PascalVoc::PascalVocExport');
    expect(registration?.exporterClass).toBe(PascalVocExport);
    expect(selectorMatches(registration!.selector, 'idah-image')).toBe(true);
    expect(selectorMatches(registration!.selector, 'idah-video')).toBe(false);
  });
});
