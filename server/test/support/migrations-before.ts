// A database as it was before a migration: an embedded one migrated with the folder's journal cut
// there, so a test can store what such a database held, then migrate it the rest of the way.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll } from 'vitest';

const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

/** Copies the migrations into `dir`, up to but without the one tagged `tag`. */
function migrationsBefore(dir: string, tag: string): string {
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at <= 0) throw new Error(`no migration "${tag}" after the first`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

export interface DatabaseBefore {
  client: PGlite;
  /** Applies the migrations from `tag` on. */
  migrateRest(): Promise<void>;
}

/**
 * Inside a `describe`: an embedded database migrated up to, without, the migration tagged `tag`
 * (in `beforeAll`, the slow part, with the hook's longer timeout), closed and removed after.
 *
 * @example
 * const before = databaseBefore('0008_status_list');
 * it('…', async () => { await before.client.exec('insert …'); await before.migrateRest(); … });
 */
export function databaseBefore(tag: string): DatabaseBefore {
  const dir = mkdtempSync(join(tmpdir(), 'siso-migrations-'));
  const client = new PGlite();
  const db = drizzle({ client });
  beforeAll(() => migrate(db, { migrationsFolder: migrationsBefore(dir, tag) }));
  afterAll(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, migrateRest: () => migrate(db, { migrationsFolder: MIGRATIONS }) };
}
