/**
 * The real entry point on PGlite: an existing empty folder creates the database; a second process on the
 * same folder is refused with a clear message and a non-zero exit; a restart keeps the data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function start(dir: string, port: number) {
  const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      KIENTAO_DATA_DIR: dir,
      PORT: String(port),
      KIENTAO_DEMO: '0',
      KIENTAO_ADMIN_PASSWORD: 'startup-test-pw',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout!.on('data', (d) => (out += d));
  p.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  return { p, output: () => out, exited };
}

async function healthy(port: number, ms = 90_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return (await r.json()) as { status: string; engine: string };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not healthy');
}

async function stop(p: ChildProcess, exited: Promise<unknown>) {
  p.kill('SIGTERM');
  await exited;
}

test(
  'PGlite folder: create in an empty folder, refuse a second process, restart keeps data',
  { skip: !!process.env.DATABASE_URL },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'kientao-start-'));
    const dir = join(root, 'data');
    mkdirSync(dir);
    const port = 4100 + Math.floor(Math.random() * 500);
    try {
      const a = start(dir, port);
      assert.deepEqual(await healthy(port), { status: 'ok', engine: 'pglite' });
      const b = start(dir, port + 1);
      const code = await b.exited;
      assert.equal(code, 3);
      assert.match(b.output(), /in use by another process/);
      assert.match(b.output(), /đang được tiến trình khác sử dụng/);
      // the first one is unharmed
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'startup-test-pw' }),
      });
      assert.equal(login.status, 200);
      await stop(a.p, a.exited);
      const c = start(dir, port);
      await healthy(port);
      const again = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'startup-test-pw' }),
      });
      assert.equal(again.status, 200);
      assert.doesNotMatch(c.output(), /admin password/);
      await stop(c.p, c.exited);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);
