/** PostgreSQL only: the server ending idle connections (restart, failover, an admin) does not crash us. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demo: false });
});
after(() => t?.close());

test(
  'idle pool connections terminated by the server are dropped; the next request works',
  { skip: !process.env.DATABASE_URL },
  async () => {
    const db = t.database.db;
    // open several pool connections, then leave them idle
    await Promise.all(Array.from({ length: 5 }, () => queryRows(db, sql`SELECT pg_sleep(0.05)`)));
    const admin = await import('pg');
    const c = new admin.default.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    const [cur] = await queryRows<{ name: string }>(db, sql`SELECT current_database() AS name`);
    const name = cur!.name;
    const r = await c.query(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await c.end();
    assert.ok(r.rows[0].n >= 1, 'connections were terminated');
    await new Promise((res) => setTimeout(res, 200));
    const health = await fetch(`${t.url}/api/health`);
    assert.equal(health.status, 200);
    const [row] = await queryRows<{ one: number }>(db, sql`SELECT 1 AS one`);
    assert.equal(Number(row!.one), 1);
  },
);
