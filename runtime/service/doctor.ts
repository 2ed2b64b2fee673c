import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeThrown } from '../errors.ts';
import { loadDuckDb } from '../lazy/duckdb.ts';
import { closeStorage, loadHostFor, openStorageFor, openStoreFor, type ServiceSettings } from './service-parts.ts';

const run = promisify(execFile);

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** A required check failing makes `doctor` fail; the others are tools only some tests use. */
  required: boolean;
}

/** External tools the tests of this project and of its bundled plugins call. */
const TOOLS: Array<{ name: string; command: string; args: string[] }> = [
  { name: 'unzip', command: 'unzip', args: ['-v'] },
  { name: 'zip', command: 'zip', args: ['-v'] },
  { name: 'xmllint', command: 'xmllint', args: ['--version'] },
  { name: 'python3', command: 'python3', args: ['--version'] },
  { name: 'chromium', command: 'chromium', args: ['--version'] },
];

async function check(name: string, required: boolean, probe: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await probe(), required };
  } catch (error) {
    return { name, ok: false, detail: describeThrown(error), required };
  }
}

async function toolVersion(command: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(command, args, { timeout: 15_000 });
  return `${stdout || stderr}`.trim().split('\n').find((line) => line.trim())?.trim() ?? 'present';
}

/** `idah-plugin doctor`: Node, DuckDB, the job store, the output storage, the plugins, the external tools. */
export async function runDoctor(settings: ServiceSettings): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  checks.push(
    await check('node', true, async () => {
      const major = Number(process.versions.node.split('.')[0]);
      if (major < 20) throw new Error(`Node ${process.versions.node}; expected 20 or later`);
      return `Node ${process.versions.node}`;
    }),
  );
  checks.push(
    await check('duckdb', true, async () => {
      const { DuckDBInstance } = await loadDuckDb();
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        const reader = await connection.runAndReadAll('SELECT version()');
        return `DuckDB ${String(reader.getRows()[0]?.[0])}`;
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    }),
  );
  checks.push(
    await check('job store', true, async () => {
      const store = await openStoreFor(settings);
      try {
        const health = await store.check();
        if (!health.ok) throw new Error(health.detail);
        return `${store.driver}: ${store.description}`;
      } finally {
        await store.close();
      }
    }),
  );
  checks.push(
    await check('output storage', true, async () => {
      const storage = await openStorageFor(settings);
      try {
        const health = await storage.check();
        if (!health.ok) throw new Error(health.detail);
        return health.detail;
      } finally {
        closeStorage(storage);
      }
    }),
  );
  const host = await loadHostFor(settings).catch(() => null);
  checks.push({
    name: 'plugins',
    ok: host !== null && host.report.plugins.length > 0,
    detail: host
      ? `${host.report.plugins.length} loaded (${host.report.plugins.map((plugin) => plugin.name).join(', ')}), ${host.registry.list().length} exporters`
      : 'the plugins could not be discovered',
    required: true,
  });
  for (const failure of host?.report.failures ?? []) {
    checks.push({ name: `plugin ${failure.plugin}`, ok: false, detail: `${failure.code}: ${failure.message} (${failure.dir})`, required: false });
  }
  for (const tool of TOOLS) checks.push(await check(tool.name, false, () => toolVersion(tool.command, tool.args)));
  return checks;
}
