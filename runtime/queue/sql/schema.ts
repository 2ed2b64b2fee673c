import { quoteIdentifier } from '../postgres/postgres-driver.ts';
import type { SqlDialect, SqlDriver } from './sql-driver.ts';

/** Bumped when a migration is added below; recorded in `idah_schema_version`. */
export const SCHEMA_VERSION = 3;

interface Types {
  time: string;
  json: string;
  real: string;
  bigint: string;
  serial: string;
}

const TYPES: Record<SqlDialect, Types> = {
  sqlite: { time: 'TEXT', json: 'TEXT', real: 'REAL', bigint: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { time: 'TIMESTAMPTZ', json: 'JSONB', real: 'DOUBLE PRECISION', bigint: 'BIGINT', serial: 'BIGSERIAL PRIMARY KEY' },
};

/**
 * Version 1: IDAH's `jobs` and `exports` columns (ids as text: uuid v7 for jobs; `size`
 * 64-bit), the lease and retry columns, `job_logs`, and the schema version table.
 */
function version1(t: Types): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY,
      job_class TEXT NOT NULL,
      arguments ${t.json} NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'pending',
      progress ${t.real} NOT NULL DEFAULT 0,
      retry_count INTEGER NOT NULL DEFAULT 0,
      unicity TEXT,
      error TEXT,
      error_code TEXT,
      scheduled_at ${t.time} NOT NULL,
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL,
      exporter TEXT NOT NULL,
      attempt INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL DEFAULT 3,
      lease_token TEXT,
      lease_until ${t.time},
      locked_by TEXT,
      heartbeat_at ${t.time},
      cancel_requested_at ${t.time},
      started_at ${t.time},
      finished_at ${t.time},
      log_count INTEGER NOT NULL DEFAULT 0,
      logs_truncated INTEGER NOT NULL DEFAULT 0,
      details ${t.json} NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS jobs_claim ON jobs (status, priority, scheduled_at)',
    'CREATE INDEX IF NOT EXISTS jobs_lease ON jobs (status, lease_until)',
    'CREATE INDEX IF NOT EXISTS jobs_created_at ON jobs (created_at)',
    'CREATE INDEX IF NOT EXISTS jobs_updated_at ON jobs (updated_at)',
    // IDAH's unique `unicity`, held only while the job is in flight: the same request may run again later.
    `CREATE UNIQUE INDEX IF NOT EXISTS jobs_unicity_in_flight ON jobs (unicity)
      WHERE unicity IS NOT NULL AND status IN ('pending', 'running')`,
    `CREATE TABLE IF NOT EXISTS exports (
      id ${t.serial},
      job_id TEXT NOT NULL,
      project_id TEXT,
      created_by_id TEXT,
      file_id TEXT,
      filename TEXT,
      mime_type TEXT,
      size ${t.bigint} NOT NULL DEFAULT 0,
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL,
      exporter TEXT NOT NULL,
      etag TEXT,
      status TEXT NOT NULL DEFAULT 'active',
      expires_at ${t.time},
      deleted_at ${t.time},
      destination ${t.json}
    )`,
    'CREATE INDEX IF NOT EXISTS exports_job_id ON exports (job_id)',
    'CREATE INDEX IF NOT EXISTS exports_created_at ON exports (created_at)',
    'CREATE INDEX IF NOT EXISTS exports_updated_at ON exports (updated_at)',
    `CREATE TABLE IF NOT EXISTS job_logs (
      job_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      at ${t.time} NOT NULL,
      level TEXT NOT NULL,
      message TEXT NOT NULL,
      file ${t.json},
      PRIMARY KEY (job_id, seq)
    )`,
  ];
}

/**
 * Version 2: an export's delivery to its destination, a small queue of its own on the export
 * row: the status (`none`, `pending`, `delivering`, `delivered`, `failed`), the last error,
 * attempts used and allowed, when the next may start, the delivering worker's lease, and when
 * and where it was delivered.
 */
function version2(t: Types): string[] {
  const column = (definition: string) => `ALTER TABLE exports ADD COLUMN ${definition}`;
  return [
    column("destination_status TEXT NOT NULL DEFAULT 'none'"),
    column('destination_error TEXT'),
    column('destination_attempts INTEGER NOT NULL DEFAULT 0'),
    column('destination_max_attempts INTEGER NOT NULL DEFAULT 4'),
    column(`destination_next_at ${t.time}`),
    column('destination_lease_token TEXT'),
    column(`destination_lease_until ${t.time}`),
    column('destination_locked_by TEXT'),
    column(`delivered_at ${t.time}`),
    column('delivered_to TEXT'),
    'CREATE INDEX IF NOT EXISTS exports_delivery ON exports (destination_status, destination_next_at)',
  ];
}

/**
 * Version 3: `schedules` (a cron pattern in a time zone and the export each slot runs), and the
 * columns linking jobs and exports to their schedule and slot. One job per slot across every
 * process: the unique index on `(schedule_id, schedule_slot)` refuses a second one. Exports also
 * keep the incremental watermark they read from (`since`) and the one they leave (`watermark`).
 */
function version3(t: Types): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS schedules (
      id TEXT PRIMARY KEY,
      name TEXT,
      cron TEXT NOT NULL,
      timezone TEXT NOT NULL,
      exporter TEXT NOT NULL,
      project_id TEXT,
      created_by_id TEXT,
      spec ${t.json} NOT NULL,
      incremental INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'active',
      next_run_at ${t.time},
      last_slot ${t.time},
      last_job_id TEXT,
      created_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS schedules_due ON schedules (status, next_run_at)',
    'ALTER TABLE jobs ADD COLUMN schedule_id TEXT',
    `ALTER TABLE jobs ADD COLUMN schedule_slot ${t.time}`,
    `CREATE UNIQUE INDEX IF NOT EXISTS jobs_schedule_slot ON jobs (schedule_id, schedule_slot) WHERE schedule_id IS NOT NULL`,
    'ALTER TABLE exports ADD COLUMN schedule_id TEXT',
    `ALTER TABLE exports ADD COLUMN schedule_slot ${t.time}`,
    `ALTER TABLE exports ADD COLUMN since ${t.time}`,
    `ALTER TABLE exports ADD COLUMN watermark ${t.time}`,
    'CREATE INDEX IF NOT EXISTS exports_schedule ON exports (schedule_id, watermark)',
  ];
}

/** Creates what is missing, once, even with several processes migrating at the same time. */
export async function migrateSchema(driver: SqlDriver, schema?: string): Promise<void> {
  const t = TYPES[driver.dialect];
  await driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') {
      // Serializes concurrent migrations (CREATE ... IF NOT EXISTS races on the catalog otherwise).
      await tx.run('SELECT pg_advisory_xact_lock(7281446)');
      if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    }
    await tx.run(`CREATE TABLE IF NOT EXISTS idah_schema_version (version INTEGER PRIMARY KEY, applied_at ${t.time} NOT NULL)`);
    const rows = await tx.all<{ version: number }>('SELECT MAX(version) AS version FROM idah_schema_version');
    const current = Number(rows[0]?.version ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new Error(`the job store's schema is version ${current}, newer than this program's ${SCHEMA_VERSION}; upgrade idah-plugin`);
    }
    if (current < 1) {
      for (const statement of version1(t)) await tx.run(statement);
      await tx.run('INSERT INTO idah_schema_version (version, applied_at) VALUES (?, ?)', [1, new Date().toISOString()]);
    }
    if (current < 2) {
      for (const statement of version2(t)) await tx.run(statement);
      await tx.run('INSERT INTO idah_schema_version (version, applied_at) VALUES (?, ?)', [2, new Date().toISOString()]);
    }
    if (current < 3) {
      for (const statement of version3(t)) await tx.run(statement);
      await tx.run('INSERT INTO idah_schema_version (version, applied_at) VALUES (?, ?)', [3, new Date().toISOString()]);
    }
  });
}
