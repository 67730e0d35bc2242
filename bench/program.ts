// Program-change benchmark on PostgreSQL: 100,000 partners with realistic training state
// (bench/lib/seed-partners.ts) in a database of their own, a server node in its own process, and
// one policy change: its preview (POST /v1/policy/preview) and its application (PUT /v1/policy
// until GET /v1/changes/{id} says done). Targets: preview ≤ 5 s, apply ≤ 10 s, the node's
// peak RSS ≤ 500 MB. The yardsticks, in the same run:
// - one at a time: re-evaluating a sample of partners through the existing write path
//   (writeTraining, one partner per call) under a further policy; `ratio_vs_one_by_one` is the
//   apply's partners/s ÷ that;
// - the floor: plain SQL writing what the apply wrote (every partner row, the evaluation history
//   lines, the events) from its text, in the apply's batches, no evaluation (bench/lib/write-floor.ts);
//   `ratio_vs_floor` is apply s ÷ floor s.
// `npm run bench -- program` (BENCH_PARTNERS, BENCH_ONE_BY_ONE, BENCH_KEEP=1 keeps the database).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import {
  ProgramChangeSchema,
  PolicyUpdateResponseSchema,
  TierPolicySchema,
  type ProgramChange,
  type TierPolicy,
} from '@siso/training-core';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { createServiceKey } from '../server/src/auth/service-keys.ts';
import { CertificateIssuer } from '../server/src/certificates/issuer.ts';
import { openCertificateSigner } from '../server/src/certificates/keys.ts';
import { openDatabase } from '../server/src/db/open.ts';
import { policyVersions } from '../server/src/db/schema.ts';
import { LocalEventBus } from '../server/src/events/bus.ts';
import { bumpProgramRevision } from '../server/src/training/program.ts';
import { transaction, writeTraining } from '../server/src/training/write.ts';
import { systemClock } from '../server/src/time/clock.ts';
import { cpuSince, processCpuSeconds } from './lib/cpu-time.ts';
import { report } from './lib/report.ts';
import { measureWriteFloor, type Floor } from './lib/write-floor.ts';
import { dropDatabase, partnerId, recreateDatabase, seedPartners } from './lib/seed-partners.ts';
import { spawnBenchServer } from './lib/spawn-bench-server.ts';

const TARGETS = { preview_s: 5, apply_s: 10, peak_rss_mb: 500 };
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 100_000);
/** The server's PROGRAM_CHANGE_BATCH_SIZE, which the floor writes in too. */
const BATCH = 500;
const SAMPLE = Math.min(PARTNERS, Number(process.env.BENCH_ONE_BY_ONE ?? 2_000));
const NAME = 'siso_bench_program';
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** The node's peak resident memory (the kernel's high-water mark), in MB. */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A change a program manager makes: richer base rate, silver asks for more training. Every rate moves, some tiers. */
function candidate({ version: _, ...policy }: TierPolicy, baseRateDelta: number) {
  return {
    ...policy,
    baseRate: policy.baseRate + baseRateDelta,
    tiers: policy.tiers.map((t) =>
      t.id === 'silver'
        ? { ...t, requirements: t.requirements.map((r) => (r.kind === 'training_hours' ? { ...r, hours: r.hours + 4 } : r)) }
        : t,
    ),
  };
}

const now = new Date();
const url = await recreateDatabase(NAME);
const seeded = await seedPartners(url, { partners: PARTNERS, now });
const database = await openDatabase({ url, poolSize: 2 });
const { key } = await createServiceKey(database.db, { role: 'admin', label: 'bench' });
const server = await spawnBenchServer({
  DATABASE_URL: url,
  DEMO: '0',
  SWEEP_INTERVAL_SECONDS: '0',
  PROGRAM_CHANGE_CHECK_SECONDS: '0',
  PROGRAM_CHANGE_BATCH_SIZE: String(BATCH),
  SERVICE_RATE_LIMIT_PER_SECOND: '1000000',
  SERVICE_RATE_LIMIT_BURST: '1000000',
});
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: unknown = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
};

let preview_s = Number.NaN;
let apply_s: number;
let change: ProgramChange;
let rss: number;
let previewRss = Number.NaN;
let floor: Floor;
let applyCpu: { node: number; database: number };
let oneByOne: { seconds: number; partners: number };
try {
  const policy = TierPolicySchema.parse(await call('GET', '/v1/policy'));
  const next = candidate(policy, 2);

  const previewStarted = performance.now();
  try {
    await call('POST', '/v1/policy/preview?limit=100', { policy: next });
    preview_s = (performance.now() - previewStarted) / 1000;
    previewRss = peakRssMb(server.pid);
  } catch (error) {
    console.error(`preview not measured: ${String(error)}`);
  }

  const nodeCpuBefore = processCpuSeconds(server.pid);
  const databaseCpu = cpuSince('postgres');
  const applyStarted = performance.now();
  const appliedSince = new Date();
  const accepted = PolicyUpdateResponseSchema.parse(await call('PUT', '/v1/policy', next));
  const answered_s = (performance.now() - applyStarted) / 1000;
  for (;;) {
    change = ProgramChangeSchema.parse(await call('GET', accepted.change.href));
    if (change.state === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  apply_s = (performance.now() - applyStarted) / 1000;
  applyCpu = { node: processCpuSeconds(server.pid) - nodeCpuBefore, database: databaseCpu() };
  if (change.done < seeded.partners) throw new Error(`the change re-evaluated ${change.done} of ${seeded.partners} partners`);
  rss = peakRssMb(server.pid);
  server.stop();

  // The floor: what the apply wrote, written again by plain SQL from its text (bench/lib/write-floor.ts).
  floor = await measureWriteFloor(database.db, { batchSize: BATCH, policyVersion: accepted.policy.version, since: appliedSince });
  const [written] = rowsOf<{ events: string; bytes: string }>(
    await database.db.execute(
      sql`select count(*) as events, coalesce(sum(pg_column_size(payload)), 0) as bytes from events where created_at >= ${appliedSince}`,
    ),
  );

  // One at a time: the existing write path, one partner per call, under one more policy version.
  const further = { ...candidate(policy, 3), version: accepted.policy.version + 1 };
  await transaction(database.db, async (tx) => {
    await tx.insert(policyVersions).values({ version: further.version, policy: further });
    await bumpProgramRevision(tx);
  });
  const bus = new LocalEventBus({ db: database.db, logger: pino({ level: 'silent' }) });
  const ctx = {
    db: database.db,
    bus,
    publicUrl: () => 'http://bench.invalid',
    certificates: new CertificateIssuer({
      signer: await openCertificateSigner({ db: database.db, configured: undefined }),
      issuerName: 'bench',
    }),
    clock: systemClock,
  };
  const oneStarted = performance.now();
  for (let i = 1; i <= SAMPLE; i += 1) {
    await writeTraining(ctx, {
      partnerIds: [partnerId(i)],
      apply: (trainings) => {
        for (const training of trainings.values()) training.reevaluate();
      },
    });
  }
  oneByOne = { seconds: (performance.now() - oneStarted) / 1000, partners: SAMPLE };
  await bus.close();

  const applyRate = change.done / apply_s;
  const oneRate = oneByOne.partners / oneByOne.seconds;
  const ratio = applyRate / oneRate;
  report(
    'program',
    [
      { measure: 'partners', value: seeded.partners, note: `${seeded.progress} progress rows, ${seeded.certificates} certificates` },
      { measure: 'seed: inserts s', value: round(seeded.insertSeconds), note: 'generate_series, set-based' },
      { measure: 'seed: first evaluation s', value: round(seeded.evaluateSeconds), note: 'one policy change, in-process' },
      { measure: `preview s (target ≤ ${TARGETS.preview_s})`, value: round(preview_s), note: 'POST /v1/policy/preview, first page' },
      { measure: 'apply: answered in s', value: round(answered_s, 3), note: '202 with the change' },
      { measure: `apply s (target ≤ ${TARGETS.apply_s})`, value: round(apply_s), note: 'PUT until the change is done' },
      {
        measure: 'apply partners/s',
        value: Math.round(applyRate),
        note: `${change.done} done; moved up ${change.movedUp}, down ${change.movedDown}`,
      },
      {
        measure: 'apply: changed, events',
        value: `${change.changed}, ${change.events}`,
        note: `${Math.round(Number(written!.bytes) / 1e6)} MB of event payload`,
      },
      {
        measure: 'apply: CPU s, node + database',
        value: `${round(applyCpu.node, 1)} + ${round(applyCpu.database, 1)}`,
        note: 'the two cores’ work; their sum ÷ 2 bounds apply s from below',
      },
      { measure: 'node peak RSS MB after the preview', value: Math.round(previewRss), note: 'VmHWM of the server process' },
      { measure: `node peak RSS MB (target ≤ ${TARGETS.peak_rss_mb})`, value: Math.round(rss), note: 'VmHWM after the apply' },
      {
        measure: 'floor: plain SQL s',
        value: round(floor.seconds),
        note: `the apply's rows from their text (${Math.round(floor.bytes / 1e6)} MB), its batches, 3 in flight, no evaluation`,
      },
      { measure: 'floor: database CPU s', value: round(floor.databaseCpu, 1), note: 'parsing, compressing, indexing, logging them' },
      { measure: 'apply ÷ floor', value: round(apply_s / floor.seconds), note: '' },
      { measure: 'one at a time partners/s', value: Math.round(oneRate), note: `writeTraining × ${oneByOne.partners}` },
      { measure: 'apply ÷ one at a time', value: round(ratio), note: '' },
      { measure: 'load average (1 min) at the end', value: round(loadavg()[0]!), note: 'other work on the 2 cores slows every figure' },
    ],
    {
      partners: seeded.partners,
      preview_s: round(preview_s),
      apply_s: round(apply_s),
      peak_rss_mb: Math.round(rss),
      ratio_vs_one_by_one: round(ratio),
      floor_s: round(floor.seconds),
      ratio_vs_floor: round(apply_s / floor.seconds),
    },
  );
} finally {
  server.stop();
  await database.close();
  if (process.env.BENCH_KEEP !== '1') await dropDatabase(NAME);
}
