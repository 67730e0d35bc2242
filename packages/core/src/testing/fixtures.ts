// Builders for tests; not part of the published package (see package.json "files").
import { DEFAULT_CATALOG } from '../program/catalog.ts';
import type { Catalog } from '../schemas/catalog.ts';
import type { Certificate, ModuleProgressEntry, PartnerTrainingState } from '../schemas/state.ts';

export const NOW = new Date('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;

export const daysFromNow = (days: number): string => new Date(NOW.getTime() + days * DAY).toISOString();

export const idsOf = (category: string, catalog: Catalog = DEFAULT_CATALOG): string[] =>
  catalog.modules.filter((m) => m.category === category).map((m) => m.id);

export const CORE = idsOf('core');

export function done(moduleId: string, seconds = 0, score: number | null = 90): ModuleProgressEntry {
  return {
    moduleId,
    status: 'completed',
    percent: 100,
    timeSpentSeconds: seconds,
    score,
    startedAt: '2026-01-01T00:00:00.000Z',
    completedAt: '2026-01-02T00:00:00.000Z',
  };
}

/** `done`, completed at `completedAt` (an ISO timestamp). */
export function doneOn(moduleId: string, completedAt: string, seconds = 3600, score: number | null = 90): ModuleProgressEntry {
  return { ...done(moduleId, seconds, score), startedAt: completedAt, completedAt };
}

export function started(moduleId: string, seconds = 0, percent = 50): ModuleProgressEntry {
  return {
    moduleId,
    status: 'in_progress',
    percent,
    timeSpentSeconds: seconds,
    score: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    completedAt: null,
  };
}

/** A certificate that expires `expiresInDays` from NOW (negative: already expired). */
export function cert(certificationId: string, expiresInDays = 365, revoked = false): Certificate {
  return {
    certificationId,
    issuedAt: daysFromNow(expiresInDays - 730),
    expiresAt: daysFromNow(expiresInDays),
    revokedAt: revoked ? daysFromNow(-1) : null,
  };
}

export interface StateInput {
  tier?: string;
  performance?: number;
  progress?: ModuleProgressEntry[];
  certificates?: Certificate[];
  revenue?: number;
}

export function stateOf({
  tier = 'bronze',
  performance = 0,
  progress = [],
  certificates = [],
  revenue,
}: StateInput = {}): PartnerTrainingState {
  return {
    partner: {
      id: 'acme',
      name: 'Acme',
      tier,
      performanceScore: performance,
      ...(revenue === undefined ? {} : { trailingRevenue: revenue, currency: 'EUR' }),
    },
    progress,
    certificates,
  };
}

/** Every core module done, `seconds` recorded in total (1 s on each but the first). */
export function allCore(seconds: number): ModuleProgressEntry[] {
  return CORE.map((id, i) => done(id, i === 0 ? seconds - (CORE.length - 1) : 1));
}
