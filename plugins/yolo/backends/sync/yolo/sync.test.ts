import { describe, expect, it } from 'vitest';
import { selectorMatches } from 'idah-plugin';
import { registrationsOf } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';
import { Sync } from './sync.ts';

describe('yolo sync', () => {
  it('registers the YOLO exporter for idah-image only', async () => {
    const [registration, ...others] = await registrationsOf(Sync, { plugin: { name: 'yolo', module: 'Yolo' } });
    expect(others).toEqual([]);
    expect(registration?.id).toBe('Yolo::YoloExport');
    expect(registration?.exporterClass).toBe(YoloExport);
    expect(selectorMatches(registration!.selector, 'idah-image')).toBe(true);
    expect(selectorMatches(registration!.selector, 'idah-video')).toBe(false);
  });
});
