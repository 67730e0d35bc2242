import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

describe('lockDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'siso-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const dir = () => join(root, `pglite-${(n += 1)}`);

  it('claims a directory until released, once per process', () => {
    const dataDir = dir();
    const release = lockDataDir(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockDataDir(dataDir)).toThrow(/already open in this process/);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir)();
  });

  it('refuses a directory another running process holds, naming it', () => {
    const dataDir = dir();
    writeFileSync(`${dataDir}.lock`, `${process.ppid}\n`);
    expect(() => lockDataDir(dataDir)).toThrow(`the embedded database at ${dataDir} is in use by process ${process.ppid}`);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over a lock whose process is gone, or that is unreadable', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    for (const leftover of [`${gone}\n`, `${process.pid}\n`, 'garbage']) {
      const dataDir = dir();
      writeFileSync(`${dataDir}.lock`, leftover);
      const release = lockDataDir(dataDir);
      expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
      release();
    }
  });
});
