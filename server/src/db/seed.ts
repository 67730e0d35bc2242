import { DEFAULT_CATALOG, DEFAULT_POLICY, type Catalog, type TierPolicy } from '@siso/training-core';
import type { Db } from './database.ts';
import { certifications, moduleProgress, modules, partners, policyVersions, programRevision } from './schema.ts';
import type { DemoPartner } from '../demo/partners.ts';

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

/** Creates the demo partners and their progress the first time; a second run changes nothing. */
export async function seedDemoPartners(db: Db, demo: readonly DemoPartner[], now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    for (const { partner, progress } of demo) {
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
      if (inserted.length === 0) continue;
      const rows = Object.entries(progress).map(([moduleId, p]) => {
        const status = p.status ?? 'completed';
        const at = new Date(now.getTime() - p.daysAgo * DAY_MS);
        return {
          partnerId: partner.id,
          moduleId,
          status,
          percent: p.percent ?? (status === 'completed' ? 100 : 0),
          timeSpentSeconds: p.minutes * 60,
          score: p.score,
          startedAt: new Date(at.getTime() - p.minutes * 60_000),
          completedAt: status === 'completed' ? at : null,
        };
      });
      if (rows.length > 0) await tx.insert(moduleProgress).values(rows);
    }
  });
}
