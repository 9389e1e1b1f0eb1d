/**
 * Entry point: `npm start`. Opens the database (PGlite in KIENTAO_DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), applies migrations, bootstraps the admin and demo data, and serves the API
 * and the UI on PORT (default 3000).
 */
import { loadConfig } from './config.ts';
import { openDatabase } from './db/engine.ts';
import { DataDirLockedError } from './db/lock.ts';
import { buildApp } from './server/app.ts';
import { bootstrap } from './demo/bootstrap.ts';

async function main() {
  const config = loadConfig();
  const t0 = Date.now();
  const timing = process.env.KIENTAO_TIMING === '1';
  const lap = (what: string) =>
    timing &&
    console.log(
      `[timing] ${what}: ${Date.now() - t0} ms (process ${Math.round(process.uptime() * 1000)} ms)`,
    );
  lap('modules loaded');
  let database;
  try {
    database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(3);
    }
    throw e;
  }
  lap('database open');
  const boot = await bootstrap(database, config, (m) => console.log(m));
  lap('bootstrap');
  const app = await buildApp({ database, config }, { logger: { level: config.logLevel } });
  lap('app built');
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  lap('listening');
  console.log(
    `Kiến Tạo ready on http://localhost:${config.port} (engine ${database.engine}${boot.demoLoaded ? ', demo data loaded' : ''}) in ${Date.now() - t0} ms`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
