import { describe, expect, it } from 'vitest';
import { fromUpdKey, isPortableAttributeName, toUpdKey } from '../../../runtime/upd/keys.ts';

describe('UPD key casing', () => {
  it.each([
    ['created_at', 'Created-At'],
    ['wf_step', 'Wf-Step'],
    ['assigned_to_id', 'Assigned-To-Id'],
    ['entries_2d_count', 'Entries-2d-Count'],
    ['name', 'Name'],
    ['__proto__', '--Proto--'],
  ])('%s <-> %s', (attribute, key) => {
    expect(toUpdKey(attribute)).toBe(key);
    expect(fromUpdKey(key)).toBe(attribute);
  });

  it('reads keys of other tools in lower case', () => {
    expect(fromUpdKey('QC-Status')).toBe('qc_status');
    expect(fromUpdKey('Created-by')).toBe('created_by');
    expect(fromUpdKey('Dataset-Specification-URL')).toBe('dataset_specification_url');
  });

  it('calls portable only the names that come back the same', () => {
    expect(isPortableAttributeName('labeling_configuration')).toBe(true);
    expect(isPortableAttributeName('fooBar')).toBe(false);
    expect(isPortableAttributeName('a-b')).toBe(false);
    expect(isPortableAttributeName('Status')).toBe(false);
    expect(isPortableAttributeName('ßeta')).toBe(false);
    expect(isPortableAttributeName('')).toBe(false);
  });
});
