import type { ResolvedAttribute } from 'idah-plugin';

/** VOC's own object fields, taken from IDAH attributes of that id or label (any case) and left out of `<attributes>`. */
export const VOC_FIELDS = ['difficult', 'truncated', 'occluded', 'pose'] as const;

/** A yes/no field: true, 1, "1" and "true" are yes; anything else (or nothing) is no. */
export function flagOf(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** The attribute standing for a VOC field, by property id or label, case-insensitively. */
export function fieldAttribute(attributes: readonly ResolvedAttribute[], field: (typeof VOC_FIELDS)[number]): ResolvedAttribute | undefined {
  return attributes.find((attribute) => attribute.id.toLowerCase() === field || attribute.label.toLowerCase() === field);
}

/** `difficult` from the attributes, default no. */
export function difficultOf(attributes: readonly ResolvedAttribute[]): boolean {
  return flagOf(fieldAttribute(attributes, 'difficult')?.value);
}

/** `truncated` from the attributes when there is one, else whether the box touches the image edge. */
export function truncatedOf(attributes: readonly ResolvedAttribute[], touchesEdge: boolean): boolean {
  const attribute = fieldAttribute(attributes, 'truncated');
  return attribute === undefined || attribute.value === null ? touchesEdge : flagOf(attribute.value);
}

/** `occluded` from the attributes, default no (Datumaro reads it beside difficult and truncated). */
export function occludedOf(attributes: readonly ResolvedAttribute[]): boolean {
  return flagOf(fieldAttribute(attributes, 'occluded')?.value);
}

/** `pose` from the attributes when a non-empty string, else VOC's "Unspecified". */
export function poseOf(attributes: readonly ResolvedAttribute[]): string {
  const value = fieldAttribute(attributes, 'pose')?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : 'Unspecified';
}

/** The attributes that are not VOC fields: written under `<attributes>`. */
export function extraAttributes(attributes: readonly ResolvedAttribute[]): ResolvedAttribute[] {
  const fields = new Set(VOC_FIELDS.map((field) => fieldAttribute(attributes, field)));
  return attributes.filter((attribute) => !fields.has(attribute));
}
