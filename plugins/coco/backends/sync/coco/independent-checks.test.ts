import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readZipEntry, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';
import { goldenDatasets } from './test-fixtures.ts';

/**
 * Checks with tools this project did not write: Python's standard json and zipfile read the
 * export and check COCO's structural rules; `unzip -t` tests the archive.
 */
const PYTHON_CHECK = String.raw`
import json, sys, zipfile
archive = zipfile.ZipFile(sys.argv[1])
assert archive.testzip() is None, "a damaged zip entry"
names = set(archive.namelist())
with_media = sys.argv[2] == "media"
summary = {}
for name in sorted(n for n in names if n.startswith("annotations/instances_")):
    split = name[len("annotations/instances_"):-len(".json")]
    doc = json.loads(archive.read(name).decode("utf-8"))
    assert {"info", "licenses", "images", "annotations", "categories"} <= set(doc), sorted(doc)
    for key in ("images", "annotations", "categories"):
        ids = [item["id"] for item in doc[key]]
        assert ids == list(range(1, len(ids) + 1)), (key, ids)
    images = {image["id"]: image for image in doc["images"]}
    categories = {category["id"] for category in doc["categories"]}
    for category in doc["categories"]:
        assert isinstance(category["name"], str) and isinstance(category["supercategory"], str)
    # Datumaro and CVAT key labels by name: two categories must never share one.
    assert len({c["name"] for c in doc["categories"]}) == len(doc["categories"]), doc["categories"]
    for image in doc["images"]:
        assert isinstance(image["width"], int) and isinstance(image["height"], int)
        if with_media:
            assert "images/%s/%s" % (split, image["file_name"]) in names, image["file_name"]
    for a in doc["annotations"]:
        image = images[a["image_id"]]
        assert a["category_id"] in categories
        x, y, w, h = a["bbox"]
        assert x >= 0 and y >= 0 and w > 0 and h > 0, a["bbox"]
        assert x + w <= image["width"] + 1e-6 and y + h <= image["height"] + 1e-6, (a["bbox"], image)
        assert a["area"] > 0 and a["iscrowd"] in (0, 1)
        if a["iscrowd"] == 0:
            assert isinstance(a["segmentation"], list)
            for ring in a["segmentation"]:
                assert isinstance(ring, list) and len(ring) >= 6 and len(ring) % 2 == 0, ring
                assert all(0 <= v <= image["width"] for v in ring[0::2]) and all(0 <= v <= image["height"] for v in ring[1::2])
        else:
            rle = a["segmentation"]
            assert rle["size"] == [image["height"], image["width"]]
            assert sum(rle["counts"]) == image["height"] * image["width"]
            assert sum(rle["counts"][1::2]) == a["area"]
    summary[split] = [len(doc["images"]), len(doc["annotations"]), len(doc["categories"])]
print(json.dumps(summary, sort_keys=True))
`;

function pythonCheck(zipPath: string, media: boolean): Record<string, number[]> {
  return JSON.parse(execFileSync('python3', ['-c', PYTHON_CHECK, zipPath, media ? 'media' : 'none']).toString());
}

function unzipTest(zipPath: string): string {
  return execFileSync('unzip', ['-t', zipPath]).toString();
}

describe('coco exporter: independent checks', () => {
  it('passes Python json/zipfile checks and unzip -t, with media', async () => {
    const result = await runExport(CocoExport, { datasets: goldenDatasets(), options: { on_error: 'skip' } });
    expect(pythonCheck(result.output!.path, true)).toEqual({ default: [4, 9, 7] });
    expect(unzipTest(result.output!.path)).toMatch(/No errors detected/);
  });

  it('splits by ratio into files that each number from 1 and share the categories', async () => {
    const options = { on_error: 'skip', splits: { train: 0.5, val: 0.5, seed: 1 } };
    const result = await runExport(CocoExport, { datasets: goldenDatasets(), options });
    const summary = pythonCheck(result.output!.path, true);
    expect(Object.keys(summary)).toEqual(['train', 'val']);
    expect(summary.train![0]! + summary.val![0]!).toBe(4);
    expect(summary.train![2]).toBe(7);
    expect(summary.val![2]).toBe(7);
    expect(unzipTest(result.output!.path)).toMatch(/No errors detected/);
  });

  it('takes splits from an entry field', async () => {
    const datasets = goldenDatasets();
    datasets[0]!.entries![0]!.split = 'val';
    const result = await runExport(CocoExport, { datasets, options: { on_error: 'skip', splits: { from: 'split', default: 'train' } } });
    expect(pythonCheck(result.output!.path, true)).toEqual({ train: [3, 2, 7], val: [1, 7, 7] });
  });

  it('is byte-identical across runs when reproducible, with the fixed creation date', async () => {
    const run = async () => {
      const result = await runExport(CocoExport, { datasets: goldenDatasets(), options: { on_error: 'skip', reproducible: true } });
      return result.output!.path;
    };
    const first = await run();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the zip format's 2-second clock
    const second = await run();
    expect((await readFile(second)).equals(await readFile(first))).toBe(true);
    const instances = JSON.parse((await readZipEntry(first, 'annotations/instances_default.json')).toString());
    expect(instances.info.date_created).toBe('2000-01-01T00:00:00.000Z');
    expect(unzipTest(first)).toMatch(/No errors detected/);
  });

  it('stamps the real creation time otherwise', async () => {
    const result = await runExport(CocoExport, { datasets: goldenDatasets(), options: { on_error: 'skip' } });
    const instances = JSON.parse((await readZipEntry(result.output!.path, 'annotations/instances_default.json')).toString());
    expect(Math.abs(Date.parse(instances.info.date_created) - Date.now())).toBeLessThan(60_000);
  });
});
