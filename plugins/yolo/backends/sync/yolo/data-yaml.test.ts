import { describe, expect, it } from 'vitest';
import { dataYaml } from './data-yaml.ts';
import { hasPyYaml, python } from 'idah-plugin/testing';

const HEADER = [
  '# Ultralytics YOLO dataset (task: detect), exported by idah-plugin.',
  '# No "path:" key: Ultralytics then resolves the folders below from the folder holding this file.',
];

describe('data.yaml', () => {
  it('maps train, val and test, and lists names by 0-based id', () => {
    const text = dataYaml({ splits: ['train', 'val', 'test'], names: ['road', 'vehicles/car'], task: 'detect' });
    expect(text).toBe(
      [...HEADER, 'train: images/train', 'val: images/val', 'test: images/test', 'nc: 2', 'names:', '  0: "road"', '  1: "vehicles/car"', ''].join('\n'),
    );
  });

  it('without a val split, validates on the training images; other splits train together; no test key', () => {
    const text = dataYaml({ splits: ['default', 'extra'], names: [], task: 'detect' });
    expect(text).toBe([...HEADER, 'train: [images/default, images/extra]', 'val: [images/default, images/extra]', 'nc: 0', 'names: {}', ''].join('\n'));
  });

  it.runIf(hasPyYaml())('parses with PyYAML into what Ultralytics reads', () => {
    const names = ['null', 'a: b', 'ünï "q"', '123'];
    const text = dataYaml({ splits: ['train', 'val'], names, task: 'segment' });
    const parsed = python('import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.argv[1])))', text);
    expect(parsed).toEqual({ train: 'images/train', val: 'images/val', nc: 4, names: { 0: 'null', 1: 'a: b', 2: 'ünï "q"', 3: '123' } });
  });
});
