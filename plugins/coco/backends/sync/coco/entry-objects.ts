import {
  attributeObject,
  type CategoryLabels,
  type CategoryNames,
  type CategoryTable,
  type EntryContext,
  type FramedImage,
  type ParsedAnnotation,
  parseImageAnnotation,
  type SkipReport,
} from 'idah-plugin';
import { type CentsRing, cocoGeometry, type CocoGeometryOptions, insideShapeRing } from './coco-geometry.ts';

export interface EntryObjectsInput {
  report: SkipReport;
  labels: CategoryLabels;
  categories: CategoryTable;
  categoryNames: CategoryNames;
  geometry: CocoGeometryOptions;
  /** Images in their stored orientation: a shape's pixels are its stored values times the size. */
  storedFrame: boolean;
}

/** One annotation's fields: its geometry (a ring in cents, or a JSON fragment), `extra` more fields (`,"attributes":{...}`) or "", its category a provisional number. */
export interface CocoObject {
  geometry: CentsRing | string;
  extra: string;
  category: number;
}

/** An entry's COCO content: its objects in annotation order, and the image's tags (JSON object texts). */
export interface EntryObjects {
  objects: CocoObject[];
  tags: string[];
}

type Outcome = { object: CocoObject } | { tag: string } | { problem: string } | { unsupported: string };

/**
 * The entry's annotations as COCO objects and image tags, with convertAnnotations' accounting
 * (a bad annotation goes to `on_error`, a shape COCO cannot hold is skipped and listed, in
 * annotation order) in one loop over the held annotations: no generator step and no await per
 * annotation unless one is reported. COCO has a million of them, and that
 * machinery cost more than the conversion. Every object's category is registered whatever
 * becomes of its shape, so ids do not depend on which shapes convert.
 */
export async function entryObjects(entry: EntryContext, framed: FramedImage, input: EntryObjectsInput): Promise<EntryObjects> {
  const { report, labels } = input;
  const objects: CocoObject[] = [];
  const tags: string[] = [];
  await entry.annotations().forEach(({ record }) => {
    let outcome: Outcome;
    try {
      outcome = convert(parseImageAnnotation(record, labels), framed, input);
    } catch (error) {
      return report.problemFrom(error, idsOf(entry, record.id));
    }
    if ('object' in outcome) objects.push(outcome.object);
    else if ('tag' in outcome) tags.push(outcome.tag);
    else if ('problem' in outcome) return report.problem({ ...idsOf(entry, record.id), reason: outcome.problem });
    else return report.unsupported({ ...idsOf(entry, record.id), reason: outcome.unsupported });
    return undefined;
  });
  return { objects, tags };
}

/** One annotation: an object, or an image tag, or why it cannot be written. */
function convert(annotation: ParsedAnnotation, framed: FramedImage, input: EntryObjectsInput): Outcome {
  const { shape } = annotation;
  if (shape.kind === 'entry-root') {
    const category = annotation.category ? `"category":${JSON.stringify(annotation.category.path)},` : '';
    return { tag: `{${category}"attributes":${JSON.stringify(attributeObject(annotation.attributes, input.categoryNames))}}` };
  }
  // No attributes (the usual case) is no "attributes" field, and no object built for nothing;
  // attributes that all drop out of the object (e.g. one named __proto__) write no field either.
  const extra = annotation.attributes.length > 0 ? attributesField(attributeObject(annotation.attributes, input.categoryNames)) : '';
  const category = input.categories.add(annotation.category!);
  const ring = input.storedFrame ? insideShapeRing(shape, framed.width, framed.height) : undefined;
  if (ring !== undefined) return 'problem' in ring ? ring : { object: { geometry: ring, extra, category } };
  const geometry = cocoGeometry(framed.pixels(shape), framed.width, framed.height, input.geometry);
  return 'json' in geometry ? { object: { geometry: geometry.json, extra, category } } : geometry;
}

const attributesField = (attributes: object) => (Object.keys(attributes).length > 0 ? `,"attributes":${JSON.stringify(attributes)}` : '');

const idsOf = (entry: EntryContext, annotationId: string) => ({ dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: annotationId });
