// Ingestion benchmark on PostgreSQL: signed batches of module completions, each applied with its
// evaluation, certificates, history and events in one transaction, sent by several concurrent
// senders for a sustained period. Target ≥ 2,000 completions/s.
// The absolute figure moves with the machine, so the same run then writes the same completions by
// plain SQL (bench/lib/plain-ingest.ts: receipts, progress, events, NOTIFY; no HTTP, no
// evaluation) in the same batches and transactions, with as many concurrent writers, to a fresh
// schema of its own; `ratio_vs_sql` is ours ÷ that.
// `npm run bench -- ingest` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { DEFAULT_CATALOG } from '@siso/training-core';
import pg from 'pg';
import { createServiceKey } from '../server/src/auth/service-keys.ts';
import { openDatabase } from '../server/src/db/open.ts';
import { partners } from '../server/src/db/schema.ts';
import { signBody } from '../server/src/ingest/signature.ts';
import { writeCompletions, type Completion } from './lib/plain-ingest.ts';
import { report } from './lib/report.ts';
import { spawnBenchServer } from './lib/spawn-bench-server.ts';

const TARGET = 2_000;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemaName = 'bench_ingest';
const sqlSchemaName = 'bench_ingest_sql';
const secret = 'bench-ingest-signing-secret-0123456789abcdef';
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const senders = 8;
const batchSize = 100;
const partnerCount = 3_000;
const ids = Array.from({ length: partnerCount }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
const modules = DEFAULT_CATALOG.modules.map((m) => m.id);

/**
 * A fresh schema each run, so every completion is a first completion: migrated, with the
 * benchmark's partners.
 */
async function prepare(schema: string, poolSize: number) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  const database = await openDatabase({ url, schemaName: schema, poolSize });
  for (let i = 0; i < ids.length; i += 1_000) {
    await database.db
      .insert(partners)
      .values(ids.slice(i, i + 1_000).map((id) => ({ id, name: `Bench ${id}`, tier: 'bronze', performanceScore: 70 })));
  }
  return database;
}

/**
 * Completion n goes to partner n mod P, module ⌊n / P⌋: a batch touches 100 partners, as an LMS
 * reporting many learners would, and every completion is new.
 */
function completions() {
  const capacity = partnerCount * modules.length;
  let next = 0;
  return {
    more: () => next + batchSize <= capacity,
    batch: (): Completion[] =>
      Array.from({ length: batchSize }, () => {
        const n = next++;
        return {
          id: `c-${n}`,
          partnerId: ids[n % partnerCount]!,
          moduleId: modules[Math.floor(n / partnerCount) % modules.length]!,
          score: 85,
          timeSpentSeconds: 3_600,
          occurredAt: new Date().toISOString(),
        };
      }),
  };
}

interface Sustained {
  applied: number;
  batches: number;
  rate: number;
  p50: number;
  p99: number;
}

/** Warms up (JIT, pool), then sends batches from `senders` concurrent senders for `durationMs`. */
async function sustain(send: (batch: Completion[]) => Promise<number>): Promise<Sustained> {
  const source = completions();
  for (let i = 0; i < 5; i += 1) await send(source.batch());
  let applied = 0;
  let batches = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (performance.now() < deadline && source.more()) {
        const t = performance.now();
        // Awaited first: `applied += await …` would add to the value read before the wait.
        const n = await send(source.batch());
        applied += n;
        latencies.push(performance.now() - t);
        batches += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(latencies.length * q)] ?? 0).toFixed(1));
  return { applied, batches, rate: applied / seconds, p50: at(0.5), p99: at(0.99) };
}

/** What a path left in its schema per completion received (warm-up included). */
async function written(schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(`select
      (select count(*) from ${schema}.ingest_receipts) as receipts,
      (select count(*) from ${schema}.events) as events,
      (select coalesce(sum(pg_column_size(payload)), 0) from ${schema}.events) as event_bytes,
      (select count(*) from ${schema}.history) as history,
      (select count(*) from ${schema}.evaluation_history) as evaluations`);
    const n = Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
    const per = (k: string) => Number((n[k]! / Math.max(1, n.receipts!)).toFixed(2));
    return { events: per('events'), eventBytes: Math.round(per('event_bytes')), history: per('history'), evaluations: per('evaluations') };
  } finally {
    await client.end();
  }
}

const database = await prepare(schemaName, 2);
const server = await spawnBenchServer({
  DATABASE_URL: url,
  DATABASE_SCHEMA: schemaName,
  DEMO: '0',
  INGEST_SIGNING_SECRETS: secret,
  RATE_LIMIT_PER_SECOND: '1000000000',
  RATE_LIMIT_BURST: '1000000000',
  SERVICE_RATE_LIMIT_PER_SECOND: '1000000000',
  SERVICE_RATE_LIMIT_BURST: '1000000000',
  SWEEP_INTERVAL_SECONDS: '0',
});
let ours: Sustained;
try {
  const { key } = await createServiceKey(database.db, { role: 'training', label: 'bench' });
  ours = await sustain(async (batch) => {
    const body = JSON.stringify({ events: batch.map((c) => ({ ...c, type: 'module.completed' })) });
    const res = await fetch(`${server.url}/v1/ingest/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'siso-signature': signBody({ secret, body, timestamp: Math.floor(Date.now() / 1000) }),
      },
      body,
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { applied: number }).applied;
  });
} finally {
  await database.close();
  server.stop();
}

// A connection per sender, as the server's pool has at least as many.
const sqlDatabase = await prepare(sqlSchemaName, senders);
let plain: Sustained;
try {
  plain = await sustain((batch) => writeCompletions(sqlDatabase.db, batch, new Date()));
} finally {
  await sqlDatabase.close();
}

const [oursWrote, plainWrote] = [await written(schemaName), await written(sqlSchemaName)];
const ratio = ours.rate / plain.rate;
report(
  'ingest',
  [
    { measure: 'completions applied', ours: ours.applied, 'plain SQL': plain.applied },
    { measure: `batches (${batchSize} completions, ${batchSize} partners)`, ours: ours.batches, 'plain SQL': plain.batches },
    { measure: 'concurrent senders', ours: senders, 'plain SQL': senders },
    { measure: 'events per completion', ours: oursWrote.events, 'plain SQL': plainWrote.events },
    { measure: 'event payload B per completion', ours: oursWrote.eventBytes, 'plain SQL': plainWrote.eventBytes },
    { measure: 'history rows per completion', ours: oursWrote.history, 'plain SQL': plainWrote.history },
    { measure: 'evaluation rows per completion', ours: oursWrote.evaluations, 'plain SQL': plainWrote.evaluations },
    { measure: 'batch p50 ms', ours: ours.p50, 'plain SQL': plain.p50 },
    { measure: 'batch p99 ms', ours: ours.p99, 'plain SQL': plain.p99 },
    { measure: `completions/s (target ≥ ${TARGET})`, ours: Math.round(ours.rate), 'plain SQL': Math.round(plain.rate) },
    { measure: 'ours ÷ plain SQL', ours: Number(ratio.toFixed(3)), 'plain SQL': '' },
  ],
  { completions_per_s: Math.round(ours.rate), sql_completions_per_s: Math.round(plain.rate), ratio_vs_sql: Number(ratio.toFixed(3)) },
);
