import { IdahPluginError } from '../../errors.ts';
import type { JsonValue } from '../../records.ts';

/** A JSON:API resource flattened the way IDAH's own client reads it: `{id, ...attributes}`. */
export type FlatRecord = { id: string; [attribute: string]: JsonValue | undefined };

export interface CollectionPage {
  records: FlatRecord[];
  meta: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function flatten(resource: unknown, what: string): FlatRecord {
  if (!isObject(resource) || typeof resource.id !== 'string' || resource.id === '') {
    throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: expected a resource {type, id, attributes}, got ${JSON.stringify(resource)?.slice(0, 120)}`);
  }
  const attributes = isObject(resource.attributes) ? (resource.attributes as Record<string, JsonValue>) : {};
  return { id: resource.id, ...attributes } as FlatRecord;
}

/** A collection document `{data: [...], meta?}`. */
export function collectionOf(document: unknown, what: string): CollectionPage {
  if (!isObject(document) || !Array.isArray(document.data)) {
    throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: expected a JSON:API collection {data: [...]}, got ${JSON.stringify(document)?.slice(0, 120)}`);
  }
  return { records: document.data.map((resource) => flatten(resource, what)), meta: isObject(document.meta) ? document.meta : {} };
}

/** A record document `{data: {...}}`. */
export function recordOf(document: unknown, what: string): FlatRecord {
  if (!isObject(document)) throw new IdahPluginError('SOURCE_READ_FAILED', `${what}: expected a JSON:API document, got ${typeof document}`);
  return flatten(document.data, what);
}
