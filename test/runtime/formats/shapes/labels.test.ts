import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import type { AnnotationRecord } from '../../../../runtime/records.ts';
import { categoryLabelsOf, parseImageAnnotation } from '../../../../runtime/formats/shapes/index.ts';

// Shaped as IDAH's dataset attribute (app/sync spec data): per shape type, values and properties.
const labelingConfiguration = {
  'idah-image:bounding-box': {
    values: [
      { id: 'vehicles', label: 'Vehicles', color: '#000000', text_color: '#FFFFFF' },
      { id: 'vehicles/car', label: 'Car', color: '#F6402B', text_color: '#FFFFFF' },
      { id: 'vehicles/bus', label: 'Bus', parent: 'vehicles', children: [], expanded: true, color: '#3C4DB7', text_color: '#FFFFFF' },
      { id: 'animals/dog', label: 'Dog', color: null, text_color: null },
    ],
    properties: [
      { id: 'occlusion', type: 'boolean', label: 'Occluded', format: {}, required: true, visibility: true, description: '' },
      {
        id: 'colour',
        type: 'multi-select',
        label: 'Colour',
        format: { options: [{ id: 'r', label: 'Red' }, { id: 'g', label: 'Green' }] },
        required: false,
        visibility: true,
        description: '',
      },
    ],
  },
  'idah-image:polygon': { values: [{ id: 'road', label: 'Road surface', color: null, text_color: null }], properties: [] },
  'entry:root': { values: [{ id: 'weather/rain', label: 'Rain', color: null, text_color: null }], properties: [] },
};

describe('categoryLabelsOf', () => {
  it('names a category by its label, each level of its path by that level\'s label or id segment', () => {
    const labels = categoryLabelsOf(labelingConfiguration);
    expect(labels.category('idah-image:bounding-box', 'vehicles/car')).toEqual({ id: 'vehicles/car', label: 'Car', path: 'Vehicles/Car' });
    expect(labels.category('idah-image:bounding-box', 'animals/dog')).toEqual({ id: 'animals/dog', label: 'Dog', path: 'animals/Dog' });
  });

  it('names it by its id under names "id"', () => {
    const labels = categoryLabelsOf(labelingConfiguration, { names: 'id' });
    expect(labels.category('idah-image:bounding-box', 'vehicles/car')).toEqual({ id: 'vehicles/car', label: 'Car', path: 'vehicles/car' });
  });

  it('falls back to another shape type\'s value, then to the id itself', () => {
    const labels = categoryLabelsOf(labelingConfiguration);
    expect(labels.category('idah-image:circle', 'road')).toEqual({ id: 'road', label: 'Road surface', path: 'Road surface' });
    expect(labels.category('idah-image:circle', 'unknown/thing')).toEqual({ id: 'unknown/thing', label: 'unknown/thing', path: 'unknown/thing' });
    expect(categoryLabelsOf(undefined).category('idah-image:polygon', 'a/b')).toEqual({ id: 'a/b', label: 'a/b', path: 'a/b' });
    expect(categoryLabelsOf({ 'idah-image:polygon': 'broken' }).category('idah-image:polygon', 'a')).toEqual({ id: 'a', label: 'a', path: 'a' });
  });

  it('resolves attributes: property labels, option labels of selects, values as stored', () => {
    const labels = categoryLabelsOf(labelingConfiguration);
    expect(labels.attributes('idah-image:bounding-box', { occlusion: true, colour: ['g', 'r'], note: 'x' })).toEqual([
      { id: 'occlusion', label: 'Occluded', name: 'Occluded', value: true },
      { id: 'colour', label: 'Colour', name: 'Colour', value: ['g', 'r'], optionLabels: ['Green', 'Red'] },
      { id: 'note', label: 'note', name: 'note', value: 'x' },
    ]);
    expect(categoryLabelsOf(labelingConfiguration, { names: 'id' }).attributes('idah-image:bounding-box', { occlusion: false })).toEqual([
      { id: 'occlusion', label: 'Occluded', name: 'occlusion', value: false },
    ]);
    expect(labels.attributes('idah-image:bounding-box', undefined)).toEqual([]);
  });
});

const record = (dimensions: AnnotationRecord['dimensions'], annotation: AnnotationRecord['annotation']): AnnotationRecord => ({ id: 'a-1', entry_id: 'e-1', dimensions, annotation });

describe('parseImageAnnotation', () => {
  const labels = categoryLabelsOf(labelingConfiguration);

  it('gives the shape, the category and the attributes of one annotation', () => {
    const parsed = parseImageAnnotation(
      record({ type: 'idah-image:bounding-box', points: [[0, 0], [1, 0], [1, 1], [0, 1]], angle: 0 }, { category: 'vehicles/bus', attributes: { occlusion: true } }),
      labels,
    );
    expect(parsed).toMatchObject({
      id: 'a-1',
      type: 'idah-image:bounding-box',
      shape: { kind: 'box', angle: 0 },
      category: { id: 'vehicles/bus', label: 'Bus', path: 'Vehicles/Bus' },
      attributes: [{ id: 'occlusion', label: 'Occluded', name: 'Occluded', value: true }],
    });
  });

  it('reads entry:root as an entry-level classification, with or without a category', () => {
    const rain = parseImageAnnotation(record({ type: 'entry:root' }, { category: 'weather/rain', attributes: {} }), labels);
    expect(rain).toMatchObject({ shape: { kind: 'entry-root' }, category: { id: 'weather/rain', label: 'Rain', path: 'weather/Rain' } });
    const tagsOnly = parseImageAnnotation(record({ type: 'entry:root' }, { attributes: { daylight: true } }), labels);
    expect(tagsOnly.category).toBeUndefined();
    expect(tagsOnly.attributes).toEqual([{ id: 'daylight', label: 'daylight', name: 'daylight', value: true }]);
  });

  it('names the annotation in its errors', () => {
    const attempt = (dimensions: AnnotationRecord['dimensions'], annotation: AnnotationRecord['annotation']) => {
      try {
        parseImageAnnotation(record(dimensions, annotation), labels);
      } catch (error) {
        expect(isIdahPluginError(error, 'SOURCE_INVALID')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(attempt({ type: 'idah-image:polygon', points: [] }, { category: 'road' })).toBe('annotation "a-1": expected a polygon of at least 3 points, got 0: []');
    expect(attempt({ type: 'idah-image:polygon', points: [[0, 0], [1, 0], [0, 1]] }, { attributes: {} })).toBe(
      'annotation "a-1": expected annotation.category to be a non-empty labeling-configuration id, got nothing',
    );
  });
});
