// One host zip in its own process: zips a directory through the host's io helper.
// Usage: measure-host-zip.ts <directory> <zip-path>. Prints one JSON line.
import { zipDirectory } from '../runtime/io/zip.ts';

const [directory, zipPath] = process.argv.slice(2);
if (!directory || !zipPath) throw new Error('usage: measure-host-zip.ts <directory> <zip-path>');
const baseline = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await zipDirectory(directory, zipPath);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ wall_ms: wallMs, cpu_ms: (cpu.user + cpu.system) / 1000, entries: result.entryCount, size: result.size, rss_before: baseline, rss_peak: process.resourceUsage().maxRSS * 1024 })}\n`);
