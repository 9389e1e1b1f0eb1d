#!/usr/bin/env node
// `npm start`: builds what is missing or stale (the web UI with Vite, the server bundle with esbuild),
// then runs the server. A restart with nothing changed goes straight to the server.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const bin = (name) => join('node_modules', '.bin', name);
if (
  existsSync('web/src') &&
  mtime('web/dist/index.html') <
    Math.max(newest('web/src'), mtime('web/index.html'), mtime('web/vite.config.ts'))
) {
  console.log('Building the web UI…');
  run(bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}
const bundle = 'dist/server.js';
if (mtime(bundle) < Math.max(newest('src'), newest('drizzle'), mtime('package-lock.json'))) {
  run(bin('esbuild'), [
    'src/main.ts',
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node20',
    '--packages=external',
    '--sourcemap',
    '--log-level=warning',
    `--outfile=${bundle}`,
  ]);
}
await import(pathToFileURL(bundle).href);
