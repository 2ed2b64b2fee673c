// Runs one export through the harness's default output folder, prints where the output went, and
// waits to be ended by a signal (as Vitest ends its workers). Usage: node bin/run-ts.js <this file>
import { runExport } from '../../../../runtime/testing/index.ts';
import { JsonExport } from '../../../../plugins/json/backends/sync/json/export.ts';

const result = await runExport(JsonExport, {
  datasets: [{ id: 'ds', name: 'D', entries: [{ id: 'e1' }] }],
  options: {},
});
if (result.status !== 'completed' || !result.output) throw new Error(`export ${result.status}: ${result.error}`);
process.stdout.write(`output ${result.output.path}\n`);
setInterval(() => {}, 60_000);
