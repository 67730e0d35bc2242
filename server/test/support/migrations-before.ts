// A database as it was before a migration: the migrations folder copied with its journal cut
// there, so a test can store what such a database held, then migrate it the rest of the way.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's migrations folder. */
export const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

/**
 * Copies the migrations into `dir`, up to but without the one tagged `tag`; answers `dir`.
 *
 * @example
 * await migrate(db, { migrationsFolder: migrationsBefore(dir, '0008_status_list') });
 * … // rows as they were
 * await migrate(db, { migrationsFolder: MIGRATIONS });
 */
export function migrationsBefore(dir: string, tag: string): string {
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at <= 0) throw new Error(`no migration "${tag}" after the first`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}
