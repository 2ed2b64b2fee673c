import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import {
  annotationMatches,
  entryMatches,
  parseAnnotationFilter,
  parseEntryFilter,
  parseMediaFilter,
  shapeTypeMatches,
} from '../../../runtime/sources/filters.ts';
import type { AnnotationRecord, EntryRecord } from '../../../runtime/records.ts';

function filterError(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isIdahPluginError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a filter error');
}

describe('filter parsing', () => {
  it('rejects an unknown key, naming it and the accepted ones', () => {
    const error = filterError(() => parseEntryFilter({ stauts: 'completed' }));
    expect(error.code).toBe('FILTER_INVALID');
    expect(error.message).toContain('unknown key "stauts"');
    expect(error.message).toContain('status__in');
    expect(filterError(() => parseAnnotationFilter({ shape: 'box' })).message).toContain('unknown key "shape"');
    expect(filterError(() => parseMediaFilter({ media: 'x' })).message).toContain('unknown key "media"');
  });

  it('says what was expected and what came', () => {
    expect(filterError(() => parseEntryFilter({ status__in: 'completed' })).message).toBe(
      'entries filter "status__in": expected an array of strings, got string "completed"',
    );
    expect(filterError(() => parseEntryFilter({ priority__in: ['1'] })).message).toContain(
      'expected an array of numbers',
    );
    expect(filterError(() => parseEntryFilter({ name__match: '(' })).message).toContain(
      'expected a valid regular expression',
    );
    expect(filterError(() => parseAnnotationFilter({ updated_at__gt: 'yesterday' })).message).toContain(
      'expected an ISO 8601 timestamp',
    );
    expect(filterError(() => parseEntryFilter(['status'])).message).toContain('expected an object');
  });

  it('normalises shape types and timestamps', () => {
    expect(parseAnnotationFilter({ type: 'bounding_box' }).type).toBe('bounding-box');
    expect(parseAnnotationFilter({ updated_at__gt: new Date(0) }).updated_at__gt).toBe('1970-01-01T00:00:00.000Z');
    expect(parseEntryFilter(undefined)).toEqual({});
  });
});

describe('filter predicates', () => {
  const entry: EntryRecord = { id: 'e1', dataset_id: 'd', name: 'Street_0042', status: 'review', priority: 2, wf_step: 'qa', resource: 'img/0042.png' };
  const annotation: AnnotationRecord = {
    id: 'a1',
    entry_id: 'e1',
    dimensions: { type: 'idah-image:polygon', points: [] },
    annotation: { category: 'vehicles/car' },
    updated_at: '2026-03-01T00:00:00.000Z',
  };

  it('matches entries on every field', () => {
    expect(entryMatches(entry, { status: 'review' })).toBe(true);
    expect(entryMatches(entry, { status: 'completed' })).toBe(false);
    expect(entryMatches(entry, { status__in: ['completed', 'review'] })).toBe(true);
    expect(entryMatches(entry, { name__match: 'street_00' })).toBe(true);
    expect(entryMatches(entry, { name__match: '^0042' })).toBe(false);
    expect(entryMatches(entry, { resource__match: '\\.png$' })).toBe(true);
    expect(entryMatches(entry, { priority__in: [1, 3] })).toBe(false);
    expect(entryMatches(entry, { wf_step__in: ['qa'] })).toBe(true);
  });

  it('matches a shape type with or without the plugin prefix', () => {
    expect(shapeTypeMatches('idah-image:polygon', 'polygon')).toBe(true);
    expect(shapeTypeMatches('idah-image:polygon', 'idah-image:polygon')).toBe(true);
    expect(shapeTypeMatches('idah-image:polygon', 'idah-video:polygon')).toBe(false);
    expect(shapeTypeMatches('idah-image:multi-polygon', 'polygon')).toBe(false);
    expect(annotationMatches(annotation, { type: 'polygon', category: 'vehicles/car' })).toBe(true);
    expect(annotationMatches(annotation, { category: 'vehicles' })).toBe(false);
    expect(annotationMatches(annotation, { updated_at__gt: '2026-02-01T00:00:00.000Z' })).toBe(true);
    expect(annotationMatches(annotation, { updated_at__gt: '2026-03-01T00:00:00.000Z' })).toBe(false);
  });
});
