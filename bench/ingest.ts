// Ingestion benchmark on PostgreSQL: signed batches of module completions, each applied with its
// evaluation, certificates, history and events in one transaction, sent by several concurrent
// senders for a sustained period. Target ≥ 2,000 completions/s.
// `npm run bench -- ingest` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { DEFAULT_CATALOG } from '@siso/training-core';
import pg from 'pg';
import { createServiceKey } from '../server/src/auth/service-keys.ts';
import { openDatabase } from '../server/src/db/open.ts';
import { partners } from '../server/src/db/schema.ts';
import { signBody } from '../server/src/ingest/signature.ts';
import { report } from './lib/report.ts';
import { spawnBenchServer } from './lib/spawn-bench-server.ts';

const TARGET = 2_000;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemaName = 'bench_ingest';
const secret = 'bench-ingest-signing-secret-0123456789abcdef';
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const senders = 8;
const batchSize = 100;
const partnerCount = 3_000;

// A fresh schema each run, so every completion is a first completion.
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`drop schema if exists ${schemaName} cascade`);
await admin.end();

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
const database = await openDatabase({ url, schemaName, poolSize: 2 });
try {
  const { key } = await createServiceKey(database.db, { role: 'training', label: 'bench' });
  const ids = Array.from({ length: partnerCount }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < ids.length; i += 1_000) {
    await database.db.insert(partners).values(ids.slice(i, i + 1_000).map((id) => ({ id, name: `Bench ${id}`, tier: 'bronze', performanceScore: 70 })));
  }

  // Completion n goes to partner n mod P, module ⌊n / P⌋: a batch touches 100 partners, as an
  // LMS reporting many learners would, and every completion is new.
  const modules = DEFAULT_CATALOG.modules.map((m) => m.id);
  const capacity = partnerCount * modules.length;
  let next = 0;
  const batch = () => {
    const events = Array.from({ length: batchSize }, () => {
      const n = next++;
      return {
        id: `c-${n}`,
        type: 'module.completed',
        partnerId: ids[n % partnerCount]!,
        moduleId: modules[Math.floor(n / partnerCount) % modules.length]!,
        score: 85,
        timeSpentSeconds: 3_600,
        occurredAt: new Date().toISOString(),
      };
    });
    return JSON.stringify({ events });
  };
  const post = async (body: string) => {
    const res = await fetch(`${server.url}/v1/ingest/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'siso-signature': signBody({ secret, body, timestamp: Math.floor(Date.now() / 1000) }) },
      body,
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { applied: number };
  };

  // Warm-up (JIT, pool), then the measured period.
  for (let i = 0; i < 5; i += 1) await post(batch());
  let applied = 0;
  let batches = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (performance.now() < deadline && next + batchSize <= capacity) {
        const t = performance.now();
        const result = await post(batch());
        applied += result.applied;
        latencies.push(performance.now() - t);
        batches += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const counter = new pg.Client({ connectionString: url });
  await counter.connect();
  const events = Number((await counter.query(`select count(*)::int as n from ${schemaName}.events`)).rows[0].n);
  await counter.end();
  latencies.sort((a, b) => a - b);
  const rate = applied / seconds;
  report(
    'ingest',
    [
      { measure: 'completions applied', value: applied },
      { measure: 'batches (100 completions, 100 partners)', value: batches },
      { measure: 'concurrent senders', value: senders },
      { measure: 'events written (with warm-up)', value: events },
      { measure: 'batch p50 ms', value: Number((latencies[Math.floor(latencies.length / 2)] ?? 0).toFixed(1)) },
      { measure: 'batch p99 ms', value: Number((latencies[Math.floor(latencies.length * 0.99)] ?? 0).toFixed(1)) },
      { measure: `completions/s (target ≥ ${TARGET})`, value: Math.round(rate) },
    ],
    { completions_per_s: Math.round(rate) },
  );
} finally {
  await database.close();
  server.stop();
}
