/**
 * An exclusive lock on a PGlite data folder: two processes on one folder would lose data silently
 * (PGlite is a single-process database). The lock is a file `<dataDir>.lock` beside the folder,
 * created with O_EXCL and holding the owner's pid; a lock whose process is gone is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `Thư mục dữ liệu đang được tiến trình khác sử dụng (pid ${pid}). / ` +
        `The data folder is in use by another process (pid ${pid}); lock file: ${lockFile}. ` +
        `Stop that process, or use another KIENTAO_DATA_DIR.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws {@link DataDirLockedError}; returns a release function. */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = resolve(dataDir) + '.lock';
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = { pid: 0, host: hostname() };
      try {
        owner = JSON.parse(readFileSync(lockFile, 'utf8'));
      } catch {
        /* unreadable or half-written lock: treat as stale */
      }
      if (owner.pid && owner.pid !== process.pid && owner.host === hostname() && alive(owner.pid)) {
        throw new DataDirLockedError(lockFile, owner.pid);
      }
      try {
        unlinkSync(lockFile); // stale lock of a dead process
      } catch {
        /* raced with another starter; retry */
      }
    }
  }
  throw new DataDirLockedError(lockFile, 0);
}
