import { describe, expect, it } from 'vitest';
import { splitPluginPath } from '../../../runtime/plugins/plugin-path.ts';

describe('splitPluginPath', () => {
  it('splits on ; and trims, ignoring empty parts', () => {
    expect(splitPluginPath(' a/** ;; b ; ;c/*;')).toEqual(['a/**', 'b', 'c/*']);
  });

  it('splits every item of a list the same way', () => {
    expect(splitPluginPath(['a;b', '', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('yields nothing for an empty value', () => {
    expect(splitPluginPath('')).toEqual([]);
    expect(splitPluginPath([])).toEqual([]);
  });
});
