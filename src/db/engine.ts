/**
 * Database engine selection: PGlite (PostgreSQL in WASM, embedded, default) or a PostgreSQL server
 * (`DATABASE_URL`). Both run the same schema, the same migrations (`drizzle/`) and the same SQL.
 *
 * Type conventions for both engines: `date` → 'YYYY-MM-DD' string; `timestamptz` → JS Date (through
 * drizzle columns) or ISO string (raw SQL); counts are cast to int in SQL.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTable, PgTransaction } from 'drizzle-orm/pg-core';
import {
  getTableColumns,
  getTableName,
  is,
  SQL,
  sql,
  type ExtractTablesWithRelations,
  type SQLWrapper,
} from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { lockDataDir } from './lock.ts';
import { fromRoot } from '../paths.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Db | PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** true when this open created the database (empty folder or empty server database). */
  created: boolean;
  close(): Promise<void>;
}

const migrationsFolder = fromRoot('drizzle');

// `pg`: keep dates as strings, int8 as numbers (counts), numeric as numbers.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

export interface OpenOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** PGlite only: start from a dump made by {@link dumpPglite} (tests clone a template this way). */
  loadDataDir?: Blob | File;
  /** Skip the data-folder lock (in-memory PGlite in tests). */
  memory?: boolean;
}

/** Opens the database, takes the PGlite folder lock, and applies pending migrations. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // pool size: env KIENTAO_DB_POOL (default 20); intake holds one connection per transaction
    const poolMax = Math.min(Math.max(Number(process.env.KIENTAO_DB_POOL) || 20, 1), 200);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: poolMax });
    // an IDLE connection the server ends (restart, failover, an admin's termination) is dropped by the pool,
    // which reports it here: without a listener the 'error' event would crash the process
    pool.on('error', (e: Error & { code?: string }) => {
      console.error(`[db] idle connection ended by the server (${e.code ?? 'no code'}): ${e.message}`);
    });
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    const r = await pool.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'agencies'",
    );
    const created = r.rows[0].n === 0;
    await migratePg(drizzlePg({ client: pool }), { migrationsFolder });
    return { db, engine: 'postgres', created, close: () => pool.end() };
  }
  let release = () => {};
  let dataDir: string | undefined;
  let created: boolean;
  if (opts.memory) {
    created = !opts.loadDataDir;
  } else {
    dataDir = resolve(opts.dataDir ?? './data');
    release = lockDataDir(dataDir);
    created = isEmptyDir(dataDir);
    if (created) mkdirSync(dataDir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: opts.memory ? undefined : dataDir,
      extensions: { pg_trgm },
      loadDataDir: opts.loadDataDir,
    });
    await client.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    if (!created) {
      const r = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM agencies');
      created = r.rows[0]!.n === 0 && !opts.loadDataDir ? created : false;
    }
    return {
      db,
      engine: 'pglite',
      created,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** Dumps a PGlite database (for cloning a test template). */
export async function dumpPglite(database: Database): Promise<Blob | File> {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return client.dumpDataDir('none');
}

/** Runs raw SQL on either engine and returns its rows (both drivers return `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: Tx, q: SQLWrapper): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

/**
 * A PostgreSQL array literal (`{"a","b"}`), sent as ONE bound parameter and cast in SQL (`$1::text[]`):
 * both drivers take it as text, and a statement with arrays keeps the same text (and plan) whatever the
 * number of elements.
 */
export function pgArrayLiteral(xs: readonly (string | number)[]): string {
  return (
    '{' +
    xs
      .map((x) =>
        typeof x === 'number' ? String(x) : '"' + x.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"',
      )
      .join(',') +
    '}'
  );
}

/**
 * Bulk insert for imports and demo data: the rows go as ONE JSON parameter per chunk into
 * `json_populate_recordset` (much faster on PGlite than thousands of bound parameters). Rows are keyed by the
 * table's TypeScript field names; missing columns take their default (`now()` for timestamps).
 */
export async function bulkInsert(tx: Tx, table: PgTable, rows: Record<string, unknown>[], size = 5000) {
  if (!rows.length) return;
  const now = new Date().toISOString();
  const cols = Object.entries(getTableColumns(table)).map(([key, col]) => ({
    key,
    name: col.name,
    dflt: col.hasDefault ? (is(col.default, SQL) ? now : (col.default ?? null)) : null,
  }));
  const name = getTableName(table);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size).map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of cols) {
        const v = r[c.key];
        o[c.name] = v === undefined ? c.dflt : v;
      }
      return o;
    });
    await tx.execute(
      sql`INSERT INTO ${sql.identifier(name)} SELECT * FROM json_populate_recordset(NULL::${sql.identifier(name)}, ${JSON.stringify(chunk)}::json)`,
    );
  }
}
