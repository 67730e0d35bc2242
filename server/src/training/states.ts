import type { Certificate, ModuleProgressEntry, PartnerTrainingState } from '@siso/training-core';
import { and, asc, gt, gte, lte } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, moduleProgress, partners } from '../db/schema.ts';
import { toPartner } from './stored.ts';

export interface TrainingStatesOptions {
  /** Start after this partner id. */
  after?: string;
  /** Partners per page: three queries each. */
  pageSize?: number;
}

/**
 * Every partner's training state as the tier engine reads it, in ascending id order, a page at a
 * time: the partners, then the progress and certificates of the id range they span (a range on
 * the leading column of both primary keys, not a list of ids). Reads without locks or a
 * transaction, for work that writes nothing (a preview): a partner written meanwhile is read as
 * its page finds it. The next page is already being read while the caller works on this one.
 *
 * @example
 * for await (const page of trainingStates(db, { pageSize: 2_000 })) for (const state of page) preview.add(state);
 */
export async function* trainingStates(
  db: Db,
  { after = '', pageSize = 2_000 }: TrainingStatesOptions = {},
): AsyncGenerator<PartnerTrainingState[]> {
  let next: Promise<PartnerTrainingState[]> | null = readPage(db, after, pageSize);
  try {
    while (next) {
      const page: PartnerTrainingState[] = await next;
      const last = page.at(-1)?.partner.id;
      next = page.length === pageSize && last !== undefined ? readPage(db, last, pageSize) : null;
      if (page.length > 0) yield page;
    }
  } finally {
    // A caller that stops early leaves the page read ahead unread: its failure is no one's.
    next?.catch(() => undefined);
  }
}

async function readPage(db: Db, after: string, pageSize: number): Promise<PartnerTrainingState[]> {
  const rows = await db
    .select({
      id: partners.id,
      name: partners.name,
      tier: partners.tier,
      performanceScore: partners.performanceScore,
      trailingRevenue: partners.trailingRevenue,
      currency: partners.currency,
    })
    .from(partners)
    .where(gt(partners.id, after))
    .orderBy(asc(partners.id))
    .limit(pageSize);
  const first = rows[0]?.id;
  const last = rows.at(-1)?.id;
  if (first === undefined || last === undefined) return [];
  const [progressRows, certificateRows] = await Promise.all([
    db
      .select({
        partnerId: moduleProgress.partnerId,
        moduleId: moduleProgress.moduleId,
        status: moduleProgress.status,
        percent: moduleProgress.percent,
        timeSpentSeconds: moduleProgress.timeSpentSeconds,
        score: moduleProgress.score,
        startedAt: moduleProgress.startedAt,
        completedAt: moduleProgress.completedAt,
      })
      .from(moduleProgress)
      .where(and(gte(moduleProgress.partnerId, first), lte(moduleProgress.partnerId, last))),
    // In the order issued (by id at the same instant), as every other reader sees them.
    db
      .select({
        partnerId: certificates.partnerId,
        certificationId: certificates.certificationId,
        issuedAt: certificates.issuedAt,
        expiresAt: certificates.expiresAt,
        revokedAt: certificates.revokedAt,
      })
      .from(certificates)
      .where(and(gte(certificates.partnerId, first), lte(certificates.partnerId, last)))
      .orderBy(asc(certificates.partnerId), asc(certificates.issuedAt), asc(certificates.id)),
  ]);
  const states = new Map<string, { progress: ModuleProgressEntry[]; certificates: Certificate[] }>();
  for (const r of rows) states.set(r.id, { progress: [], certificates: [] });
  for (const p of progressRows)
    states.get(p.partnerId)?.progress.push({
      moduleId: p.moduleId,
      status: p.status,
      percent: p.percent,
      timeSpentSeconds: p.timeSpentSeconds,
      score: p.score,
      startedAt: p.startedAt?.toISOString() ?? null,
      completedAt: p.completedAt?.toISOString() ?? null,
    });
  for (const c of certificateRows)
    states.get(c.partnerId)?.certificates.push({
      certificationId: c.certificationId,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
    });
  return rows.map((r) => {
    const s = states.get(r.id)!;
    return { partner: toPartner(r), progress: s.progress, certificates: s.certificates };
  });
}
