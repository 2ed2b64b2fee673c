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
import { cocoGeometry, type CocoGeometry, type CocoGeometryOptions, insideShapeJson } from './coco-geometry.ts';

export interface EntryObjectsInput {
  report: SkipReport;
  labels: CategoryLabels;
  categories: CategoryTable;
  categoryNames: CategoryNames;
  geometry: CocoGeometryOptions;
  /** Images in their stored orientation: a shape's pixels are its stored values times the size. */
  storedFrame: boolean;
}

/** An entry's COCO content: each object's text after its ids, and the image's tags (JSON object texts). */
export interface EntryObjects {
  /** `,<geometry><extra>,"category_id":<provisional number + 1>}` per object, in annotation order. */
  objects: string[];
  tags: string[];
}

type Outcome = { object: string } | { tag: string } | { problem: string } | { unsupported: string };

/**
 * The entry's annotations as COCO objects and image tags, with convertAnnotations' accounting
 * (a bad annotation goes to `on_error`, a shape COCO cannot hold is skipped and listed, in
 * annotation order) in one loop over the held annotations: no generator step, no await and no
 * wrapper objects per annotation unless one is reported. COCO has a million of them, and that
 * machinery cost more than the conversion. Every object's category is registered whatever
 * becomes of its shape, so ids do not depend on which shapes convert.
 */
export async function entryObjects(entry: EntryContext, framed: FramedImage, input: EntryObjectsInput): Promise<EntryObjects> {
  const { report, labels } = input;
  const objects: string[] = [];
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
  // No attributes (the usual case) is no "attributes" field: the object is not built for nothing.
  const extra = annotation.attributes.length > 0 ? `,"attributes":${JSON.stringify(attributeObject(annotation.attributes, input.categoryNames))}` : '';
  const category = input.categories.add(annotation.category!);
  const geometry: CocoGeometry =
    (input.storedFrame ? insideShapeJson(shape, framed.width, framed.height) : undefined) ??
    cocoGeometry(framed.pixels(shape), framed.width, framed.height, input.geometry);
  if (!('json' in geometry)) return geometry;
  return { object: `,${geometry.json}${extra},"category_id":${category + 1}}` };
}

const idsOf = (entry: EntryContext, annotationId: string) => ({ dataset_id: entry.record.dataset_id, entry_id: entry.record.id, annotation_id: annotationId });
