import type { Context } from 'hono';
import { JSON_API_TYPE } from './api-error.ts';

/** A JSON:API document with its media type. */
export function jsonApi(c: Context, document: unknown, status: 200 | 202 = 200): Response {
  c.header('Content-Type', JSON_API_TYPE);
  return c.body(JSON.stringify(document), status);
}
