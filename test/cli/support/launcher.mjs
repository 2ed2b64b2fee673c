// Stands in for npx: starts the CLI as its child, prints the child's pid, and on SIGTERM or
// SIGHUP exits at once without passing the signal on, as npm does.
import { spawn } from 'node:child_process';

const [cli, ...argv] = process.argv.slice(2);
const child = spawn(process.execPath, [cli, ...argv], { stdio: ['ignore', 'inherit', 'inherit'] });
process.stdout.write(`cli-pid ${child.pid}\n`);
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(1));
child.on('exit', (code) => process.exit(code ?? 1));
