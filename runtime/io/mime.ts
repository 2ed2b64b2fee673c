import { formatOf } from './file-name.ts';

/**
 * Mime types by extension. UPD files are DuckDB databases with IDAH's schema; no registered type
 * exists, so they get a vendor type with a `+duckdb` suffix naming the container.
 */
const MIME_BY_FORMAT: Readonly<Record<string, string>> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  xml: 'application/xml',
  txt: 'text/plain',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  upd: 'application/vnd.idah.upd+duckdb',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** The mime type for a file name or path, by its extension (case-insensitive). */
export function mimeTypeFor(fileName: string): string {
  return MIME_BY_FORMAT[formatOf(fileName)] ?? FALLBACK_MIME_TYPE;
}
