import type { ModuleProgress, Partner } from '@siso/training-core';

export interface DemoPartner {
  /** The record as the portal first sends it; the tier follows from the training replayed. */
  partner: Partner;
  /** Progress by module id, relative to the moment the demo is seeded, replayed oldest first. */
  progress: Record<string, { daysAgo: number; minutes: number; score: number | null; status?: ModuleProgress['status']; percent?: number }>;
}

/** Three partners at different points of the program, so the demo shows each state. */
export const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    partner: {
      id: 'northwind',
      name: 'Northwind Systems',
      tier: 'bronze',
      performanceScore: 64,
      trailingRevenue: 480_000,
      currency: 'EUR',
    },
    progress: {
      'partner-program-essentials': { daysAgo: 21, minutes: 50, score: null },
      'product-fundamentals': { daysAgo: 14, minutes: 95, score: 88 },
      'solution-selling': { daysAgo: 2, minutes: 30, score: null, status: 'in_progress', percent: 40 },
    },
  },
  {
    // Gold on a Solution Architect certificate earned almost two years ago: it ends within the
    // warning window, so the demo opens on what its end would cost and how to renew it.
    partner: { id: 'contoso', name: 'Contoso Partners', tier: 'bronze', performanceScore: 72, trailingRevenue: 1_250_000, currency: 'USD' },
    progress: {
      'product-fundamentals': { daysAgo: 722, minutes: 100, score: 91 },
      'architecture-deep-dive': { daysAgo: 716, minutes: 125, score: 85 },
      'security-and-compliance': { daysAgo: 712, minutes: 85, score: 88 },
      'integration-patterns': { daysAgo: 708, minutes: 105, score: 86 },
      'partner-program-essentials': { daysAgo: 300, minutes: 45, score: null },
      'solution-selling': { daysAgo: 290, minutes: 80, score: 84 },
      'pricing-and-licensing': { daysAgo: 285, minutes: 45, score: 90 },
      'customer-onboarding': { daysAgo: 280, minutes: 55, score: 86 },
      'negotiation-skills': { daysAgo: 60, minutes: 65, score: null },
      'implementation-methodology': { daysAgo: 5, minutes: 40, score: null, status: 'in_progress', percent: 45 },
    },
  },
  {
    partner: { id: 'fabrikam', name: 'Fabrikam Solutions', tier: 'bronze', performanceScore: 41 },
    progress: {},
  },
];
