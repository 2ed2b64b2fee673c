// Loads the plugins of argv[2] in a plain Node process (no test runner keeping it alive) with
// an init timeout of argv[3] ms, and prints the load report's failures as JSON.
import { loadHost } from '../../../../runtime/plugins/host.ts';

const [pluginDir, timeout] = process.argv.slice(2);
const host = await loadHost({
  pluginPaths: [pluginDir as string],
  includeBundled: false,
  initTimeoutMs: Number(timeout),
  logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } },
});
process.stdout.write(`${JSON.stringify(host.report.failures.map(({ plugin, code, message }) => ({ plugin, code, message })))}\n`);
