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
 * - `KIENTAO_QUEUE` — `1` (default): run the job queue's workers and schedules in this process (reminder
 *   pass, outbox delivery, digests); `0`: serve HTTP only (another process runs them)
 * - `KIENTAO_SMTP_URL` — e.g. `smtp://user:pass@mail.example.vn:587`; unset: e-mails go to the log adapter
 * - `KIENTAO_MAIL_FROM` — sender address (default `Kiến Tạo <no-reply@kientao.local>`)
 * - `KIENTAO_SMS_ADAPTER`, `KIENTAO_ZALO_ADAPTER` — `log` (default: written to the outbox and the log only);
 *   see docs/notifications.md for plugging a real gateway
 * - `KIENTAO_PUBLIC_URL` — base URL put in links of e-mails (default `http://localhost:PORT`)
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
  queue: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsAdapter: string;
  zaloAdapter: string;
  publicUrl: string;
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
    queue: (env.KIENTAO_QUEUE ?? '1') !== '0',
    smtpUrl: env.KIENTAO_SMTP_URL || undefined,
    mailFrom: env.KIENTAO_MAIL_FROM || 'Kiến Tạo <no-reply@kientao.local>',
    smsAdapter: env.KIENTAO_SMS_ADAPTER || 'log',
    zaloAdapter: env.KIENTAO_ZALO_ADAPTER || 'log',
    publicUrl: (env.KIENTAO_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
  };
}
