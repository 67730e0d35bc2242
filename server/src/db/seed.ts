import { DEFAULT_CATALOG, DEFAULT_POLICY, type Catalog, type TierPolicy, type TrainingEvent } from '@siso/training-core';
import type { Db } from './database.ts';
import { certifications, modules, partners, policyVersions, programRevision } from './schema.ts';
import type { DemoPartner } from '../demo/partners.ts';
import { programStore } from '../training/program.ts';
import { commitTraining, openTraining } from '../training/write.ts';
import type { SignCertificate } from '../training/writer.ts';
import { transaction, type WriteContext } from '../training/write.ts';

const DAY_MS = 86_400_000;

/**
 * Writes the catalog and the first policy version where they are missing; an operator's later
 * edits are kept.
 */
export async function seedCatalog(db: Db, catalog: Catalog = DEFAULT_CATALOG, policy: TierPolicy = DEFAULT_POLICY): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(programRevision).values({ id: 1, revision: 1 }).onConflictDoNothing();
    await tx.insert(policyVersions).values({ version: policy.version, policy }).onConflictDoNothing();
    if (catalog.modules.length > 0) {
      await tx
        .insert(modules)
        .values(catalog.modules.map((m, position) => ({ id: m.id, position, definition: m })))
        .onConflictDoNothing();
    }
    if (catalog.certifications.length > 0) {
      await tx
        .insert(certifications)
        .values(catalog.certifications.map((c) => ({ id: c.id, definition: c })))
        .onConflictDoNothing();
    }
  });
}

/**
 * Creates the demo partners the first time, each in one transaction: the row, then its training
 * replayed in the order it happened, each step through the write path at its own moment, so the
 * certificates, tier changes and history it earns carry their real dates; then one evaluation at
 * the clock's time, which notices what time has done since (a certificate nearing its end). A
 * second run changes nothing.
 */
export async function seedDemoPartners(ctx: WriteContext, demo: readonly DemoPartner[]): Promise<void> {
  const now = ctx.clock.now();
  const publicUrl = ctx.publicUrl();
  for (const { partner, progress } of demo) {
    const stored = await transaction(ctx.db, async (tx) => {
      const inserted = await tx
        .insert(partners)
        .values({
          id: partner.id,
          name: partner.name,
          tier: partner.tier,
          performanceScore: partner.performanceScore,
          trailingRevenue: partner.trailingRevenue ?? null,
          currency: partner.currency ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: partners.id });
      if (inserted.length === 0) return [];
      const program = await programStore(ctx.db).inTransaction(tx);
      const sign: SignCertificate = (certificate, owner) =>
        ctx.certificates.credentialFor({ certificate, partner: owner, catalog: program.catalog, publicUrl });
      const steps = Object.entries(progress)
        .map(([moduleId, p]) => ({ moduleId, ...p, at: new Date(now.getTime() - p.daysAgo * DAY_MS) }))
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      const events: TrainingEvent[] = [];
      for (const step of [...steps, null]) {
        const at = step?.at ?? now;
        const [session] = (await openTraining(tx, [partner.id], { program, now: at, publicUrl })).values();
        if (!session) break;
        if (step === null) session.reevaluate();
        else {
          const done = (step.status ?? 'completed') === 'completed';
          session.apply({
            kind: 'module',
            moduleId: step.moduleId,
            action: done ? 'complete' : 'progress',
            at,
            percent: step.percent,
            score: step.score,
            timeSpentSeconds: step.minutes * 60,
          });
        }
        for (const [, list] of await commitTraining(tx, [session], at, sign)) events.push(...list);
      }
      return events;
    });
    if (stored.length > 0) ctx.bus.publish(partner.id, stored);
  }
}
