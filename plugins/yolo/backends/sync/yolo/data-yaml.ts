import { yamlQuoted } from './yaml-string.ts';

export interface DataYamlInput {
  /** Every split written, in order. */
  splits: readonly string[];
  /** Class names by YOLO id (0, 1, 2...). */
  names: readonly string[];
  task: string;
}

/**
 * data.yaml for Ultralytics. The split "val" is `val`, "test" is `test`, and every other split
 * is `train` (a list when there are several). Ultralytics requires `val`: without a "val" split
 * it points at the training images. Split names are letters, digits, "_" and "-", so the
 * `images/<split>` paths are plain YAML strings; class names are always quoted.
 *
 * No `path:` key. Ultralytics takes the dataset root from `path` when there is one (a relative
 * one from the working directory, or its datasets_dir when that does not exist), and from the
 * folder holding data.yaml only when there is none (check_det_dataset). So leaving it out is
 * what makes `images/<split>` resolve beside data.yaml, whatever the working directory.
 */
export function dataYaml({ splits, names, task }: DataYamlInput): string {
  const imagesOf = (split: string) => `images/${split}`;
  const val = splits.filter((split) => split === 'val').map(imagesOf);
  const test = splits.filter((split) => split === 'test').map(imagesOf);
  let train = splits.filter((split) => split !== 'val' && split !== 'test').map(imagesOf);
  if (train.length === 0) train = val.length > 0 ? val : test;
  const lines = [
    `# Ultralytics YOLO dataset (task: ${task}), exported by idah-plugin.`,
    '# No "path:" key: Ultralytics then resolves the folders below from the folder holding this file.',
    `train: ${pathList(train)}`,
    `val: ${pathList(val.length > 0 ? val : train)}`,
  ];
  if (test.length > 0) lines.push(`test: ${pathList(test)}`);
  lines.push(`nc: ${names.length}`);
  if (names.length === 0) lines.push('names: {}');
  else lines.push('names:', ...names.map((name, id) => `  ${id}: ${yamlQuoted(name)}`));
  return `${lines.join('\n')}\n`;
}

function pathList(paths: readonly string[]): string {
  return paths.length === 1 ? (paths[0] as string) : `[${paths.join(', ')}]`;
}
