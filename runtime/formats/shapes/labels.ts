import type { JsonValue } from '../../records.ts';
import type { CategoryNames, ResolvedAttribute, ResolvedCategory } from './types.ts';

/**
 * Names from a dataset's `labeling_configuration`:
 * `{ "<shape type>": { values: [{ id, label }], properties: [{ id, label, format: { options: [{ id, label }] } }] } }`.
 * A category id may hold `/` as a hierarchy separator (`vehicles/car`).
 */
export interface CategoryLabels {
  readonly names: CategoryNames;
  /** The category `id` of an annotation of `shapeType`; looked up under that shape type first, then under any. */
  category(shapeType: string, id: string): ResolvedCategory;
  /** `annotation.attributes` of an annotation of `shapeType`, in key order; [] when absent or not an object. */
  attributes(shapeType: string, attributes: unknown): ResolvedAttribute[];
}

interface PropertyInfo {
  label: string;
  options: Map<string, string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads the configuration once; tolerant: anything missing or malformed falls back to the ids. */
export function categoryLabelsOf(labelingConfiguration: unknown, options: { names?: CategoryNames } = {}): CategoryLabels {
  const names = options.names ?? 'label';
  const valuesByType = new Map<string, Map<string, string>>();
  const propertiesByType = new Map<string, Map<string, PropertyInfo>>();
  const anyValue = new Map<string, string>();
  const anyProperty = new Map<string, PropertyInfo>();
  if (isObject(labelingConfiguration)) {
    for (const [shapeType, config] of Object.entries(labelingConfiguration)) {
      if (!isObject(config)) continue;
      const values = new Map<string, string>();
      for (const value of Array.isArray(config.values) ? config.values : []) {
        const id = isObject(value) ? text(value.id) : undefined;
        const label = isObject(value) ? text(value.label) : undefined;
        if (id === undefined || label === undefined) continue;
        values.set(id, label);
        if (!anyValue.has(id)) anyValue.set(id, label);
      }
      valuesByType.set(shapeType, values);
      const properties = new Map<string, PropertyInfo>();
      for (const property of Array.isArray(config.properties) ? config.properties : []) {
        const id = isObject(property) ? text(property.id) : undefined;
        if (id === undefined || !isObject(property)) continue;
        const optionLabels = new Map<string, string>();
        const format = property.format;
        for (const option of isObject(format) && Array.isArray(format.options) ? format.options : []) {
          const optionId = isObject(option) ? text(option.id) : undefined;
          const optionLabel = isObject(option) ? text(option.label) : undefined;
          if (optionId !== undefined) optionLabels.set(optionId, optionLabel ?? optionId);
        }
        const info = { label: text(property.label) ?? id, options: optionLabels };
        properties.set(id, info);
        if (!anyProperty.has(id)) anyProperty.set(id, info);
      }
      propertiesByType.set(shapeType, properties);
    }
  }
  const labelOf = (shapeType: string, id: string) => valuesByType.get(shapeType)?.get(id) ?? anyValue.get(id);
  // Per shape type, then per id: no key string is built per annotation.
  const cache = new Map<string, Map<string, ResolvedCategory>>();

  return {
    names,
    category(shapeType, id) {
      let ofType = cache.get(shapeType);
      if (!ofType) {
        ofType = new Map();
        cache.set(shapeType, ofType);
      }
      let resolved = ofType.get(id);
      if (!resolved) {
        const label = labelOf(shapeType, id) ?? id;
        let path = id;
        if (names === 'label') {
          const segments = id.split('/');
          path = segments.map((segment, i) => labelOf(shapeType, segments.slice(0, i + 1).join('/')) ?? segment).join('/');
        }
        resolved = { id, label, path };
        ofType.set(id, resolved);
      }
      return resolved;
    },
    attributes(shapeType, attributes) {
      if (!isObject(attributes)) return [];
      return Object.keys(attributes).map((id) => {
        const info = propertiesByType.get(shapeType)?.get(id) ?? anyProperty.get(id);
        const value = attributes[id] as JsonValue;
        const label = info?.label ?? id;
        const attribute: ResolvedAttribute = { id, label, name: names === 'label' ? label : id, value };
        if (info && info.options.size > 0) {
          const selected = Array.isArray(value) ? value : [value];
          if (selected.every((option) => typeof option === 'string')) {
            attribute.optionLabels = (selected as string[]).map((option) => info.options.get(option) ?? option);
          }
        }
        return attribute;
      });
    },
  };
}
