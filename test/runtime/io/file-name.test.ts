import { describe, expect, it } from 'vitest';
import { formatOf, sanitizeFileName, splitExtension } from '../../../runtime/io/file-name.ts';
import { defaultOutputName, nameTimestamp } from '../../../runtime/io/output-name.ts';

describe('sanitizeFileName', () => {
  it('replaces each Windows-invalid character with "_"', () => {
    expect(sanitizeFileName('a\\b:c*d?e"f<g>h|i.json')).toBe('a_b_c_d_e_f_g_h_i.json');
  });

  it('replaces control characters', () => {
    expect(sanitizeFileName('tab\there\nnew\u001fend')).toBe('tab_here_new_end');
  });

  it('keeps UTF-8 names as they are', () => {
    expect(sanitizeFileName('données_été-日本語 (1).json')).toBe('données_été-日本語 (1).json');
  });
});

describe('splitExtension', () => {
  it.each([
    ['data.json', 'data', '.json'],
    ['my.data.json', 'my.data', '.json'],
    ['export.tar.gz', 'export', '.tar.gz'],
    ['README', 'README', ''],
    ['.env', '.env', ''],
  ])('splits %j into %j + %j', (name, stem, extension) => {
    expect(splitExtension(name)).toEqual({ stem, extension });
  });
});

describe('formatOf', () => {
  it('gives the lowercase extension of the file name, not of a folder', () => {
    expect(formatOf('Data.JSON')).toBe('json');
    expect(formatOf('/tmp/v1.2/README')).toBe('');
    expect(formatOf('.gitignore')).toBe('');
  });
});

describe('default output names', () => {
  it('stamps the time in UTC as YYYYMMDD-HHMMSS', () => {
    expect(nameTimestamp(new Date('2024-01-02T03:04:05.999Z'))).toBe('20240102-030405');
  });

  it('is <exporter-slug>-<stamp>.<format>', () => {
    expect(defaultOutputName('coco-export', new Date('2024-05-01T12:34:56Z'), 'json')).toBe('coco-export-20240501-123456.json');
  });

  it('slugifies the exporter name and allows no extension', () => {
    expect(defaultOutputName('COCO 1.0 Export', new Date('2024-05-01T12:34:56Z'))).toBe('coco-1-0-export-20240501-123456');
  });
});
