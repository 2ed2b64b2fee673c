// The minimal writer of one format in its own process: the same rows, the same output bytes, the least work.
// Usage: measure-minimal.ts <file.upd> <json|csv|coco|yolo-labels> <out-path>. Prints one JSON line.
import { printFigures, startPhase } from '../process-figures.ts';
import { writeCoco } from './coco-writer.ts';
import { textSink } from './text-sink.ts';
import { writeCsv, writeJson, writeYoloLabels } from './writers.ts';

const WRITERS = { json: writeJson, csv: writeCsv, coco: writeCoco, 'yolo-labels': writeYoloLabels };
const [updPath, format, outPath] = process.argv.slice(2) as [string, keyof typeof WRITERS, string];
if (!updPath || !WRITERS[format] || !outPath) throw new Error('usage: measure-minimal.ts <file.upd> <json|csv|coco|yolo-labels> <out-path>');
const phase = startPhase();
const out = await textSink(outPath);
await WRITERS[format](updPath, out);
await out.close();
printFigures(phase.figures());
