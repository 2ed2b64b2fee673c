import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPyYaml, pngBytes, runExport, unzipped } from 'idah-plugin/testing';
import { YoloExport } from '../export.ts';

/**
 * Ultralytics' dataset-root rule (check_det_dataset and img2label_paths), in Python with PyYAML:
 * root = `path`, else the folder of the yaml file as given; a relative root that does not exist
 * is taken under DATASETS_DIR. Each split folder must exist with its images, and each image's
 * label file (`/images/` -> `/labels/`, extension -> `.txt`) too.
 */
const ULTRALYTICS_ROOT = `
import json, os, sys, yaml
from pathlib import Path
yaml_file, datasets_dir = sys.argv[1], sys.argv[2]
data = yaml.safe_load(open(yaml_file, encoding='utf-8'))
root = Path(data.get('path') or Path(yaml_file).parent)
if not root.exists() and not root.is_absolute():
    root = (Path(datasets_dir) / root).resolve()
out = {}
for key in ('train', 'val', 'test'):
    if key not in data:
        continue
    folders = data[key] if isinstance(data[key], list) else [data[key]]
    for folder in folders:
        folder = (root / folder).resolve()
        images = sorted(str(p) for p in folder.glob('*')) if folder.is_dir() else []
        sa, sb = f'{os.sep}images{os.sep}', f'{os.sep}labels{os.sep}'
        labels = [sb.join(p.rsplit(sa, 1)).rsplit('.', 1)[0] + '.txt' for p in images]
        out[key] = {'exists': folder.is_dir(), 'images': len(images), 'labels': sum(os.path.isfile(l) for l in labels)}
print(json.dumps(out))
`;

describe('yolo interop: data.yaml resolves from its own folder', () => {
  it.runIf(hasPyYaml())('finds images and labels whatever the working directory (relative and absolute yaml paths)', async () => {
    const result = await runExport(YoloExport, {
      datasets: [{ id: 'd', name: 'D', entries: [{ id: 'e1', medias: [{ filename: 'one.png', data: pngBytes(64, 48) }] }] }],
      datasetIds: ['d'],
      selector: 'idah-image',
    });
    expect(result.status).toBe('completed');
    const folder = unzipped(result.output!.path);
    const elsewhere = mkdtempSync(join(tmpdir(), 'yolo-cwd-'));
    try {
      for (const yamlPath of [relative(elsewhere, join(folder, 'data.yaml')), join(folder, 'data.yaml')]) {
        const output = execFileSync('python3', ['-c', ULTRALYTICS_ROOT, yamlPath, join(elsewhere, 'datasets')], { cwd: elsewhere, encoding: 'utf8' });
        expect(JSON.parse(output)).toEqual({
          train: { exists: true, images: 1, labels: 1 },
          val: { exists: true, images: 1, labels: 1 },
        });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
