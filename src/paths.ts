/**
 * The project root, found from this module's location, so paths hold both when running the sources
 * (tsx) and the esbuild bundle (`dist/server.js`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kientao')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`Kiến Tạo project root not found above ${start}`);
    dir = up;
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const fromRoot = (...p: string[]) => join(ROOT, ...p);
