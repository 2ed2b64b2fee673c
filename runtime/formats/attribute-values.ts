import type { JsonValue } from '../records.ts';
import type { CategoryNames, ResolvedAttribute } from './shapes/types.ts';

/**
 * An attribute's value as the formats write it: under `category_names: "label"` a select
 * property's option ids become their labels (one option: a string; several: a list); otherwise
 * the stored value as it is.
 */
export function attributeValue(attribute: ResolvedAttribute, names: CategoryNames): JsonValue {
  const labels = attribute.optionLabels;
  if (names === 'label' && labels) return Array.isArray(attribute.value) ? labels : (labels[0] ?? null);
  return attribute.value;
}

/** The same value as text, for XML: strings as they are, lists joined by `,`, null as "", anything else as JSON. */
export function attributeText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) return value.map((item) => (item === null ? '' : String(item))).join(',');
  return JSON.stringify(value);
}

/** `{ name: value }` of an annotation's attributes (a later duplicate name wins). */
export function attributeObject(attributes: readonly ResolvedAttribute[], names: CategoryNames): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const attribute of attributes) out[attribute.name] = attributeValue(attribute, names);
  return out;
}
