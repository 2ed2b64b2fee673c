import { describe, expect, it } from 'vitest';
import { FALLBACK_MIME_TYPE, mimeTypeFor } from '../../../runtime/io/mime.ts';

describe('mimeTypeFor', () => {
  it.each([
    ['out.json', 'application/json'],
    ['out.jsonl', 'application/x-ndjson'],
    ['out.ndjson', 'application/x-ndjson'],
    ['out.csv', 'text/csv'],
    ['out.zip', 'application/zip'],
    ['out.xml', 'application/xml'],
    ['out.txt', 'text/plain'],
    ['out.yaml', 'application/yaml'],
    ['out.upd', 'application/vnd.idah.upd+duckdb'],
    ['out.png', 'image/png'],
    ['out.jpg', 'image/jpeg'],
    ['out.jpeg', 'image/jpeg'],
  ])('%s -> %s', (name, mime) => {
    expect(mimeTypeFor(name)).toBe(mime);
  });

  it('ignores case and folders', () => {
    expect(mimeTypeFor('/tmp/a.b/OUT.JSON')).toBe('application/json');
  });

  it('falls back to octet-stream for unknown or missing extensions', () => {
    expect(mimeTypeFor('out.weird')).toBe(FALLBACK_MIME_TYPE);
    expect(mimeTypeFor('README')).toBe('application/octet-stream');
  });
});
