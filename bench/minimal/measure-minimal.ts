// The minimal writer of one format in its own process: the same rows, the same output bytes, the least work.
// Usage: measure-minimal.ts <file.upd> <json|csv|coco|yolo-labels> <out-path>. Prints one JSON line.
import { printFigures, startPhase } from '../process-figures.ts';
import { COCO_MEMBER, writeCoco } from './coco-writer.ts';
import { textSink } from './text-sink.ts';
import { zipSink } from './zip-sink.ts';
import { writeCsv, writeJson, writeYoloLabels } from './writers.ts';

const WRITERS = { json: writeJson, csv: writeCsv, coco: writeCoco, 'yolo-labels': writeYoloLabels };
const [updPath, format, outPath] = process.argv.slice(2) as [string, keyof typeof WRITERS, string];
if (!updPath || !WRITERS[format] || !outPath) throw new Error('usage: measure-minimal.ts <file.upd> <json|csv|coco|yolo-labels> <out-path>');
const phase = startPhase();
// COCO publishes its JSON in a zip: the minimal writer deflates the same member.
const out = format === 'coco' ? await zipSink(outPath, COCO_MEMBER) : await textSink(outPath);
await WRITERS[format](updPath, out);
await out.close();
printFigures(phase.figures());
