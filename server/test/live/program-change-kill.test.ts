// A policy change whose node is killed (SIGKILL) midway, on real processes and a real PostgreSQL:
// the other node takes it over once the lease runs out and finishes it from the cursor, every
// partner re-evaluated exactly once. The node is made to stop midway, not hoped to: the test
// holds a lock on one partner, waits until the node's batch is blocked on it, kills the node,
// then lets go.
import { ProgramChangeSchema, PolicyUpdateResponseSchema, TierPolicySchema, type TierPolicy } from '@siso/training-core';
import { and, count, eq, gte, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationHistory, events, partners } from '../../src/db/schema.ts';
import { parseExact } from '../../../test-support/exact.ts';
import { http } from '../support/http.ts';
import { changeDone } from '../support/program-change.ts';
import { testDatabaseKind } from '../support/test-server.ts';
import { startCluster, type Cluster } from './cluster.ts';

const postgres = testDatabaseKind() === 'postgres';
const PARTNERS = 12;
const ids = Array.from({ length: PARTNERS }, (_, i) => `kill-${String(i + 1).padStart(2, '0')}`);
/** Its batch is where the first node is stopped: batches of 2, so 3 batches committed before it. */
const BLOCKED = 'kill-07';
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

describe.skipIf(!postgres)('a node killed mid-change', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    // No demo partners and their background training: only this test writes partners.
    cluster = await startCluster(2, {
      DEMO: '0',
      PROGRAM_CHANGE_BATCH_SIZE: '2',
      PROGRAM_CHANGE_LEASE_SECONDS: '3',
      PROGRAM_CHANGE_CHECK_SECONDS: '1',
    });
  }, 120_000);
  afterAll(() => cluster?.close());

  it('is finished by the other node from its cursor, each partner once', async () => {
    const [first, second] = cluster.urls() as [string, string];
    const viaFirst = http(first);
    const viaSecond = http(second);
    for (const [i, id] of ids.entries()) {
      const res = await viaFirst('PUT', `/v1/partners/${id}`, { token: cluster.adminKey, body: { name: id, performanceScore: 40 + i } });
      expect(res.status).toBe(201);
    }
    const { db } = cluster.database;
    const policy = parseExact(TierPolicySchema, (await viaFirst('GET', '/v1/policy', { token: cluster.adminKey })).body);
    const { version: _, ...input }: TierPolicy = policy;

    // Hold BLOCKED's row: the first node's batch holding it waits on this transaction.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holder!: number;
    const locked = new Promise<void>((resolveLocked, rejectLocked) => {
      db.transaction(async (tx) => {
        await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, BLOCKED)).for('update');
        holder = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;
        resolveLocked();
        await released;
      }).catch(rejectLocked);
    });
    await locked;
    const started = new Date();

    const put = await viaFirst('PUT', '/v1/policy', { token: cluster.adminKey, body: { ...input, baseRate: policy.baseRate + 3 } });
    expect(put.status).toBe(202);
    const { change } = parseExact(PolicyUpdateResponseSchema, put.body);

    // The marker that the node is midway: a backend of its waits on the test's lock.
    const blocked = async () =>
      rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))`),
      )[0]!.n;
    await expect.poll(blocked, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    const midway = parseExact(ProgramChangeSchema, (await viaSecond('GET', change.href, { token: cluster.adminKey })).body);
    expect(midway.state).toBe('running');
    expect(midway.done).toBeLessThan(midway.total);

    await cluster.kill(0);
    release();

    const done = await changeDone(viaSecond, cluster.adminKey, change.href);
    expect(done).toMatchObject({ state: 'done', remaining: 0, done: done.total, changed: done.total });

    // Each partner evaluated under the new version once: one history line, one commission event.
    const lines = await db
      .select({ partnerId: evaluationHistory.partnerId, n: count() })
      .from(evaluationHistory)
      .where(and(eq(evaluationHistory.policyVersion, change.policyVersion), inArray(evaluationHistory.partnerId, ids)))
      .groupBy(evaluationHistory.partnerId);
    expect(new Map(lines.map((l) => [l.partnerId, l.n]))).toEqual(new Map(ids.map((id) => [id, 1])));
    const commission = await db
      .select({ partnerId: events.partnerId, n: count() })
      .from(events)
      .where(and(eq(events.type, 'commission.changed'), gte(events.createdAt, started), like(events.partnerId, 'kill-%')))
      .groupBy(events.partnerId);
    expect(new Map(commission.map((l) => [l.partnerId, l.n]))).toEqual(new Map(ids.map((id) => [id, 1])));
    const [stale] = await db
      .select({ n: count() })
      .from(partners)
      .where(sql`${partners.policyVersion} <> ${change.policyVersion}`);
    expect(stale!.n).toBe(0);
  }, 120_000);
});
