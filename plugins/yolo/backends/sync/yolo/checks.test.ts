import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { python, runExport, unzipTest } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';
import { goldenRun } from './test-support/fixtures.ts';

/**
 * Structure, checked by Python's zipfile (not our reader), against the rules Ultralytics
 * applies: every image has labels/<split>/<stem>.txt; detect rows have exactly 5 columns,
 * segment rows a class and at least 3 points; every value in [0, 1] with 6 decimals; class
 * ids below nc.
 */
const CHECK_LAYOUT = `
import json, re, sys, zipfile
task = sys.argv[2]
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    names = z.namelist()
    data = z.read('data.yaml').decode('utf-8')
    nc = int(re.search(r'^nc: (\\d+)$', data, re.M).group(1))
    images = [n for n in names if n.startswith('images/') and not n.endswith('/')]
    labels = [n for n in names if n.startswith('labels/') and n.endswith('.txt')]
    problems = []
    for image in images:
        split, file = image.split('/')[1:3]
        stem = file.rsplit('.', 1)[0]
        if 'labels/%s/%s.txt' % (split, stem) not in names:
            problems.append('no label file for ' + image)
    rows = 0
    for label in labels:
        for line in z.read(label).decode('utf-8').splitlines():
            rows += 1
            fields = line.split(' ')
            if not (0 <= int(fields[0]) < nc):
                problems.append('%s: class %s out of range' % (label, fields[0]))
            values = fields[1:]
            if task == 'detect' and len(values) != 4:
                problems.append('%s: %d values in a detect row' % (label, len(values)))
            if task == 'segment' and (len(values) < 6 or len(values) % 2):
                problems.append('%s: %d values in a segment row' % (label, len(values)))
            for value in values:
                if not re.fullmatch(r'[01]\\.\\d{6}', value) or not 0 <= float(value) <= 1:
                    problems.append('%s: value %s' % (label, value))
    print(json.dumps({'bad': bad, 'images': len(images), 'labels': len(labels), 'rows': rows, 'problems': problems}))
`;

describe('yolo exporter: independent checks', () => {
  for (const task of ['detect', 'segment'] as const) {
    it(`${task}: unzip -t and Python's zipfile find a well-formed Ultralytics layout`, async () => {
      const result = await runExport(YoloExport, { ...goldenRun, options: { on_error: 'skip', task } });
      expect(result.status).toBe('completed');
      expect(unzipTest(result.output!.path)).toMatch(/^No errors detected/);
      const report = python(CHECK_LAYOUT, result.output!.path, task);
      expect(report).toEqual({ bad: null, images: 5, labels: 5, rows: task === 'detect' ? 7 : 6, problems: [] });
    });
  }

  it('reproducible: the same input gives the same bytes', async () => {
    const options = { on_error: 'skip', reproducible: true, splits: { train: 0.7, val: 0.3, seed: 1 } };
    const first = await runExport(YoloExport, { ...goldenRun, options });
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2 s resolution
    const second = await runExport(YoloExport, { ...goldenRun, options });
    expect(first.output!.size).toBeGreaterThan(0);
    expect(await readFile(second.output!.path)).toEqual(await readFile(first.output!.path));
    // Entries carry the fixed date, 2000-01-01 (local time in zip), not today.
    const dates = python<string[]>('import json,sys,zipfile; print(json.dumps(sorted({"%04d" % i.date_time[0] for i in zipfile.ZipFile(sys.argv[1]).infolist()})))', first.output!.path);
    expect(dates.every((year) => year === '1999' || year === '2000')).toBe(true);
  });
});
