import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server: `IDAH_TEST_DATABASE_URL`, else this project's machines' local PostgreSQL. */
export const TEST_DATABASE_URL = process.env.IDAH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own for one test (other runs share the server), dropped by `drop`.
 * Rejects when the server is unreachable: PostgreSQL tests fail, they never skip.
 */
export async function createTestSchema(prefix = 'idah_test'): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
  } catch (error) {
    await client.end().catch(() => {});
    throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is needed for this test and is not usable: ${String(error)}`);
  }
  await client.end();
  return {
    url: TEST_DATABASE_URL,
    schema,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
