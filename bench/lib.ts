/** Helpers shared by the benchmarks (bench/*.bench.ts). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh database `<prefix>_<hex>` on the server of `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), and a function that drops it.
 */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
