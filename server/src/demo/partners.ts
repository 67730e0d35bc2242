import type { ModuleProgress, Partner } from '@siso/training-core';

export interface DemoPartner {
  partner: Partner;
  /** Progress by module id, relative to the moment the demo is seeded. */
  progress: Record<string, { daysAgo: number; minutes: number; score: number | null; status?: ModuleProgress['status']; percent?: number }>;
}

/** Three partners at different points of the program, so the demo shows each state. */
export const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    partner: { id: 'northwind', name: 'Northwind Systems', tier: 'bronze', performanceScore: 64, trailingRevenue: 480_000, currency: 'EUR' },
    progress: {
      'partner-program-essentials': { daysAgo: 21, minutes: 50, score: null },
      'product-fundamentals': { daysAgo: 14, minutes: 95, score: 88 },
      'solution-selling': { daysAgo: 2, minutes: 30, score: null, status: 'in_progress', percent: 40 },
    },
  },
  {
    partner: { id: 'contoso', name: 'Contoso Partners', tier: 'silver', performanceScore: 72, trailingRevenue: 1_250_000, currency: 'USD' },
    progress: {
      'partner-program-essentials': { daysAgo: 90, minutes: 45, score: null },
      'product-fundamentals': { daysAgo: 85, minutes: 100, score: 91 },
      'solution-selling': { daysAgo: 80, minutes: 80, score: 84 },
      'pricing-and-licensing': { daysAgo: 75, minutes: 45, score: 90 },
      'customer-onboarding': { daysAgo: 70, minutes: 55, score: 86 },
      'negotiation-skills': { daysAgo: 60, minutes: 65, score: null },
      'architecture-deep-dive': { daysAgo: 30, minutes: 125, score: 85 },
      'integration-patterns': { daysAgo: 5, minutes: 40, score: null, status: 'in_progress', percent: 45 },
    },
  },
  {
    partner: { id: 'fabrikam', name: 'Fabrikam Solutions', tier: 'bronze', performanceScore: 41 },
    progress: {},
  },
];
