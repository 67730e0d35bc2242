import { DEFAULT_CATALOG, DEFAULT_POLICY, HISTORY_LENGTH } from '@siso/training-core';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { certificates, evaluationHistory, events, partners } from '../db/schema.ts';
import { PartnerTraining } from './partner-training.ts';
import { loadPartnerTraining, loadTraining } from './repository.ts';
import { writePlans, type SignCertificate } from './writer.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const program = { catalog: DEFAULT_CATALOG, policy: DEFAULT_POLICY };
const sign: SignCertificate = async (certificate, partner) => `signed:${certificate.id}:${partner.name}`;
const CORE = DEFAULT_CATALOG.modules.filter((m) => m.category === 'core').map((m) => m.id);

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.db.insert(partners).values([
    { id: 'contoso', name: 'Contoso', tier: 'bronze', performanceScore: 75 },
    { id: 'fabrikam', name: 'Fabrikam', tier: 'bronze', performanceScore: 40, trailingRevenue: 250_000, currency: 'EUR' },
  ]);
});

afterAll(() => database.close());

/** One write transaction: load with locks, change, plan, write. */
async function write(ids: string[], change: (training: PartnerTraining) => void, now = NOW) {
  let n = 0;
  return database.db.transaction(async (tx) => {
    const loaded = await loadTraining(tx, ids, { forUpdate: true });
    const plans = [...loaded.values()].flatMap((stored) => {
      const training = new PartnerTraining(stored, {
        program,
        now,
        publicUrl: 'https://t.example',
        newId: () => `${stored.partner.id}-${++n}`,
      });
      change(training);
      return training.plan() ?? [];
    });
    return { plans, stored: await writePlans(tx, plans, now, sign) };
  });
}

describe('repository and writer', () => {
  it('writes the plans of many partners and loads back what the aggregates held', async () => {
    const { plans, stored } = await write(['fabrikam', 'contoso', 'unknown'], (t) => {
      for (const id of CORE) t.apply({ kind: 'module', moduleId: id, action: 'complete', at: NOW, score: 88, timeSpentSeconds: 5_000 });
    });
    expect(plans.map((p) => p.partnerId)).toEqual(['contoso', 'fabrikam']);
    expect(stored.map(([id, list]) => [id, list.length])).toEqual(plans.map((p) => [p.partnerId, p.events.length]));
    expect(stored[0]![1].map((e) => e.seq)).toEqual(plans[0]!.events.map((_, i) => i + 1));

    const loaded = await loadTraining(database.db, ['contoso', 'fabrikam']);
    for (const plan of plans) {
      const back = loaded.get(plan.partnerId)!;
      expect(back.partner).toMatchObject({ ...plan.partner, lastSeq: plan.events.length });
      for (const p of plan.progress) {
        expect(back.progress.get(p.moduleId)).toEqual({
          status: p.status,
          percent: p.percent,
          timeSpentSeconds: p.timeSpentSeconds,
          score: p.score,
          startedAt: p.startedAt?.toISOString() ?? null,
          completedAt: p.completedAt?.toISOString() ?? null,
        });
      }
      expect(back.certificates).toEqual(
        plan.newCertificates.map((c) => ({ ...c, statusIndex: expect.any(Number), credential: `signed:${c.id}:${plan.partner.name}` })),
      );
    }
    // Each new certificate has a place of its own in the revocation status lists.
    const places = [...loaded.values()].flatMap((t) => t.certificates.map((c) => c.statusIndex));
    expect(new Set(places).size).toBe(places.length);
    const lines = await database.db.select().from(evaluationHistory).orderBy(asc(evaluationHistory.partnerId));
    expect(lines).toEqual(plans.map((p) => ({ ...p.history, evaluation: JSON.parse(JSON.stringify(p.history!.evaluation)) })));
    const log = await database.db.select().from(events).where(eq(events.partnerId, 'contoso')).orderBy(asc(events.seq));
    expect(log.map((e) => e.type)).toEqual(plans[0]!.events.map((e) => e.type));
  });

  it('updates progress and certificates in place, and loads a partner with its newest history lines', async () => {
    const before = (await loadPartnerTraining(database.db, 'contoso'))!;
    const { plans } = await write(['contoso'], (t) => {
      t.apply({ kind: 'module', moduleId: 'solution-selling', action: 'complete', at: NOW, score: 95 });
      t.apply({ kind: 'certification.revoked', certificationId: 'sales-foundation', at: NOW, reason: 'audit' });
    });
    const after = (await loadPartnerTraining(database.db, 'contoso', { history: HISTORY_LENGTH }))!;
    expect(after.progress.get('solution-selling')).toMatchObject({ score: 95 });
    expect(after.certificates).toEqual(
      before.certificates.map((c) => (c.certificationId === 'sales-foundation' ? { ...c, revokedAt: NOW, revokedReason: 'audit' } : c)),
    );
    expect(after.partner.revision).toBe(before.partner.revision + 1);
    expect(after.partner.lastSeq).toBe(before.partner.lastSeq + plans[0]!.events.length);
    const seqs = after.history.map((h) => h.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(after.history[0]).toMatchObject({ type: 'certificate.revoked', at: NOW });
    expect(await loadPartnerTraining(database.db, 'unknown')).toBeNull();
  });

  it('writes nothing for partners whose plans are empty', async () => {
    const rows = async () => database.db.select().from(certificates);
    const before = await rows();
    const { plans, stored } = await write(['fabrikam'], () => {});
    expect(plans).toEqual([]);
    expect(stored).toEqual([]);
    expect(await rows()).toEqual(before);
  });
});
