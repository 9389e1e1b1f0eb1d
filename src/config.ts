/**
 * Runtime configuration, read once from the environment.
 *
 * - `PORT` (default 3000)
 * - `HOST` (default 0.0.0.0)
 * - `KIENTAO_DATA_DIR` — PGlite data folder (default `./data`), used when `DATABASE_URL` is unset
 * - `DATABASE_URL` — when set, a PostgreSQL server is used instead of PGlite
 * - `KIENTAO_ADMIN_PASSWORD` — password of the `admin` user, set when the database is created;
 *   if unset a random one is generated and printed once
 * - `KIENTAO_DEMO` — `1` (default): load demo data into an empty database; `0`: start empty
 * - `KIENTAO_DEMO_PASSWORD` — password of the demo users (default `kientao-demo`)
 * - `KIENTAO_TRUST_PROXY` — `1` to trust `X-Forwarded-Proto` from a reverse proxy (cookies then get
 *   `Secure` when the original request was HTTPS)
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  demoPassword: string;
  trustProxy: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a valid port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.KIENTAO_DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.KIENTAO_ADMIN_PASSWORD || undefined,
    demo: (env.KIENTAO_DEMO ?? '1') !== '0',
    demoPassword: env.KIENTAO_DEMO_PASSWORD || 'kientao-demo',
    trustProxy: env.KIENTAO_TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
