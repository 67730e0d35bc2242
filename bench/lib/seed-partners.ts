// Partners with realistic training state, seeded fast into a PostgreSQL database of their own for
// the program benchmarks: set-based inserts over generate_series (no row crosses the wire), then
// one evaluation of every partner through the server's program-change batches, so tiers, rates,
// certificates and next checks are what the server would have stored.
//
// The state is a pure function of the partner's number i (the same seed gives the same rows):
// - depth ⌊(i·7919 mod 100)·16/100⌋ ∈ 0..15: the modules of the catalog, in order, before it are
//   taken; the last of them is still in progress for one partner in three, the others completed
//   with a score of 65..100 (self-paced modules have none);
// - a certificate for every certification whose required modules are all passed, issued
//   0..799 days ago after its modules: some expired, some expiring within the warning window;
// - performance 0..100; trailing revenue (EUR or USD) for two partners in five.
import { DEFAULT_CATALOG, type Catalog } from '@siso/training-core';
import pg from 'pg';
import pino from 'pino';
import { CertificateIssuer } from '../../server/src/certificates/issuer.ts';
import { openCertificateSigner } from '../../server/src/certificates/keys.ts';
import { openDatabase } from '../../server/src/db/open.ts';
import { seedCatalog } from '../../server/src/db/seed.ts';
import { LocalEventBus } from '../../server/src/events/bus.ts';
import { programStore } from '../../server/src/training/program.ts';
import { createProgramChange, readProgramChange, runProgramChange } from '../../server/src/training/program-change.ts';
import { transaction } from '../../server/src/training/write.ts';
import type { EvaluationRun } from '../../server/src/training/reevaluate.ts';

/** Where databases are created and dropped from. */
export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `postgres://…/name` on the same server as `ADMIN_URL`. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function checkName(name: string): string {
  // Never the shared test database, never a name that needs quoting.
  if (!/^siso_bench_[a-z0-9_]+$/.test(name)) throw new Error(`bench database names start with siso_bench_: "${name}"`);
  return name;
}

/** Drops the database if it exists (closing its connections), then creates it empty; answers its URL. */
export async function recreateDatabase(name: string): Promise<string> {
  await dropDatabase(name);
  await onAdmin(`create database ${checkName(name)}`);
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await onAdmin(`drop database if exists ${checkName(name)} with (force)`);
}

/** Partner number i's id: sortable as text, so id order is number order. */
export const partnerId = (i: number) => `p${String(i).padStart(7, '0')}`;

export interface SeedOptions {
  partners: number;
  /** The instant the state is relative to, and the initial evaluation is made at. */
  now: Date;
  catalog?: Catalog;
  /** Partners per transaction of the initial evaluation. */
  batchSize?: number;
}

export interface Seeded {
  partners: number;
  progress: number;
  certificates: number;
  /** Seconds the inserts took, and the initial evaluation. */
  insertSeconds: number;
  evaluateSeconds: number;
  evaluation: EvaluationRun;
}

const count = async (client: pg.Client, table: string) =>
  Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);

/**
 * Migrates the (empty) database at `url`, writes the catalog and first policy, the partners and
 * their training, then evaluates every partner once.
 *
 * @example
 * const url = await recreateDatabase('siso_bench_program');
 * await seedPartners(url, { partners: 100_000, now: new Date() });
 */
export async function seedPartners(
  url: string,
  { partners, now, catalog = DEFAULT_CATALOG, batchSize = 2_000 }: SeedOptions,
): Promise<Seeded> {
  const database = await openDatabase({ url, poolSize: 2 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedCatalog(database.db, catalog);
    const started = performance.now();
    const modules = JSON.stringify(catalog.modules.map((m, position) => ({ id: m.id, position, self: m.completion === 'self' })));
    const certifications = JSON.stringify(
      catalog.certifications.map((c) => ({ id: c.id, required: c.requiredModules, passing: c.passingScore, months: c.validityMonths })),
    );
    await client.query('begin');
    await client.query(
      `insert into partners (id, name, tier, performance_score, trailing_revenue, currency)
       select 'p' || lpad(i::text, 7, '0'), 'Partner ' || i, 'bronze', (i * 37) % 101,
         case when i % 5 < 2 then 50000 + (i * 7717) % 950000 end,
         case when i % 5 = 0 then 'EUR' when i % 5 = 1 then 'USD' end
       from generate_series(1, $1::int) as i`,
      [partners],
    );
    // Completed modules are dated 10..809 days ago, so a certificate issued after them fits.
    await client.query(
      `insert into module_progress (partner_id, module_id, status, percent, time_spent_seconds, score, started_at, completed_at, updated_at)
       select 'p' || lpad(i::text, 7, '0'), m.id,
         case when m.position = d.depth - 1 and i % 3 = 0 then 'in_progress' else 'completed' end,
         case when m.position = d.depth - 1 and i % 3 = 0 then 50 else 100 end,
         1800 + ((i + m.position) * 97) % 5400,
         case when m.self then null else 65 + (i * 31 + m.position * 17) % 36 end,
         $2::timestamptz - make_interval(days => 20 + d.ago),
         case when m.position = d.depth - 1 and i % 3 = 0 then null else $2::timestamptz - make_interval(days => 10 + d.ago) end,
         $2::timestamptz - make_interval(days => 10 + d.ago)
       from generate_series(1, $1::int) as i
       cross join lateral (select ((i * 7919) % 100) * 16 / 100 as depth, (i * 13) % 800 as ago) as d
       join jsonb_to_recordset($3::jsonb) as m(id text, position int, self boolean) on m.position < d.depth`,
      [partners, now, modules],
    );
    await client.query(
      `insert into certificates (partner_id, id, certification_id, issued_at, expires_at)
       select p.partner_id, md5(p.partner_id || c.id)::uuid::text, c.id, p.last + interval '1 day',
         p.last + interval '1 day' + make_interval(months => c.months)
       from jsonb_to_recordset($1::jsonb) as c(id text, required text[], passing int, months int)
       join lateral (
         select mp.partner_id, max(mp.completed_at) as last, count(*) as passed
         from module_progress mp
         where mp.module_id = any(c.required) and mp.status = 'completed' and coalesce(mp.score, 100) >= c.passing
         group by mp.partner_id
       ) as p on p.passed = cardinality(c.required)`,
      [certifications],
    );
    await client.query('commit');
    await client.query('analyze');
    const insertSeconds = (performance.now() - started) / 1000;

    const signer = await openCertificateSigner({ db: database.db, configured: undefined });
    const bus = new LocalEventBus({ db: database.db, logger: pino({ level: 'silent' }) });
    const evaluating = performance.now();
    const ctx = {
      db: database.db,
      bus,
      publicUrl: () => 'http://bench.invalid',
      certificates: new CertificateIssuer({ signer, issuerName: 'bench' }),
      clock: { now: () => now },
    };
    // The first evaluation as a policy change of the version in force: the server's fastest path.
    const lease = { owner: 'seed', leaseMs: 3_600_000 };
    const { policy } = await programStore(database.db).current();
    const change = await transaction(database.db, (tx) =>
      createProgramChange(tx, { policyVersion: policy.version, cause: 'policy', ...lease, now }),
    );
    const outcome = await runProgramChange(ctx, { id: change.id, batchSize, ...lease });
    if (outcome !== 'done') throw new Error(`the first evaluation ended ${outcome}`);
    const done = (await readProgramChange(database.db, change.id))!;
    const evaluation: EvaluationRun = { partners: done.done, changed: done.changed, events: done.events };
    const evaluateSeconds = (performance.now() - evaluating) / 1000;
    await bus.close();
    return {
      partners: await count(client, 'partners'),
      progress: await count(client, 'module_progress'),
      certificates: await count(client, 'certificates'),
      insertSeconds,
      evaluateSeconds,
      evaluation,
    };
  } finally {
    await client.end();
    await database.close();
  }
}
