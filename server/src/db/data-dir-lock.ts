import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StartupError } from '../startup-error.ts';

// Lock files this process holds, so that a second open here is refused, not taken for a leftover.
const claimed = new Set<string>();

/**
 * Claims an embedded database directory for this process until the returned release is called.
 * PGlite has no lock of its own: two servers on one directory (`npm start` in a second terminal,
 * or the keys CLI beside a running server) would each write their own copy of it. A lock left by
 * a process that is gone (killed) is taken over.
 *
 * @example
 * const release = lockDataDir('.data/pglite');
 * // … open and use the database …
 * release();
 */
export function lockDataDir(dataDir: string): () => void {
  const path = resolve(`${dataDir}.lock`);
  if (claimed.has(path)) throw new StartupError(`the embedded database at ${dataDir} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      claimed.add(path);
      return () => {
        if (!claimed.delete(path)) return;
        if (readLock(path) === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Our own pid, not claimed here: left by an earlier process that had it (a container restarted).
    const holder = readLock(path);
    if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
      throw new StartupError(
        `the embedded database at ${dataDir} is in use by process ${holder}: stop that server first (if none runs, remove ${path}), or give this one another DATA_DIR (or use PostgreSQL with DATABASE_URL)`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new StartupError(`could not claim the embedded database at ${dataDir} (${path} keeps reappearing)`);
}

function readLock(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
