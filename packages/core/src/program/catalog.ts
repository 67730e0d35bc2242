import type { Catalog, Certification, Module } from '../schemas/catalog.ts';

const MATERIAL_BASE = 'https://training.siso.example';

function module(m: Omit<Module, 'material'> & { material: Module['material']['kind'] }): Module {
  return { ...m, material: { kind: m.material, url: `${MATERIAL_BASE}/modules/${m.id}` } };
}

/** The seed catalog of the default program. Tests pin it; the demo server starts with it. */
export const DEFAULT_MODULES: readonly Module[] = Object.freeze([
  // core: every partner takes these; completing all of them earns Silver's requirement and the
  // training bonus.
  module({
    id: 'partner-program-essentials',
    title: 'Partner Program Essentials',
    summary: 'How the SISO partner program works: tiers, commission, deal registration and support.',
    category: 'core',
    estimatedMinutes: 45,
    material: 'document',
    prerequisites: [],
    completion: 'self',
  }),
  module({
    id: 'product-fundamentals',
    title: 'Product Fundamentals',
    summary: 'The SISO platform end to end: core capabilities, editions and typical deployments.',
    category: 'core',
    estimatedMinutes: 90,
    material: 'course',
    prerequisites: [],
    completion: 'lms',
  }),
  module({
    id: 'solution-selling',
    title: 'Solution Selling',
    summary: 'Discovery, qualification and value-based proposals for SISO opportunities.',
    category: 'core',
    estimatedMinutes: 75,
    material: 'course',
    prerequisites: ['product-fundamentals'],
    completion: 'lms',
  }),
  module({
    id: 'pricing-and-licensing',
    title: 'Pricing and Licensing',
    summary: 'Editions, licence metrics, discount bands and renewals.',
    category: 'core',
    estimatedMinutes: 40,
    material: 'video',
    prerequisites: ['product-fundamentals'],
    completion: 'lms',
  }),
  module({
    id: 'customer-onboarding',
    title: 'Customer Onboarding',
    summary: 'Handing a new customer from signature to first value in thirty days.',
    category: 'core',
    estimatedMinutes: 50,
    material: 'video',
    prerequisites: ['product-fundamentals'],
    completion: 'lms',
  }),
  // advanced, towards the Solution Architect certification
  module({
    id: 'architecture-deep-dive',
    title: 'Architecture Deep Dive',
    summary: 'Reference architectures, sizing, high availability and multi-region deployments.',
    category: 'advanced',
    estimatedMinutes: 120,
    material: 'course',
    prerequisites: ['product-fundamentals'],
    completion: 'lms',
  }),
  module({
    id: 'integration-patterns',
    title: 'Integration Patterns',
    summary: 'APIs, webhooks, single sign-on and connecting SISO to CRM and ERP systems.',
    category: 'advanced',
    estimatedMinutes: 100,
    material: 'course',
    prerequisites: ['architecture-deep-dive'],
    completion: 'lms',
  }),
  module({
    id: 'security-and-compliance',
    title: 'Security and Compliance',
    summary: 'Data protection, audit trails, GDPR and SOC 2 questions from enterprise buyers.',
    category: 'advanced',
    estimatedMinutes: 80,
    material: 'course',
    prerequisites: ['product-fundamentals'],
    completion: 'lms',
  }),
  // advanced, towards the Implementation Specialist certification
  module({
    id: 'implementation-methodology',
    title: 'Implementation Methodology',
    summary: 'The SISO delivery method: phases, artefacts, acceptance and go-live.',
    category: 'advanced',
    estimatedMinutes: 90,
    material: 'course',
    prerequisites: ['customer-onboarding'],
    minTier: 'silver',
    completion: 'lms',
  }),
  module({
    id: 'data-migration',
    title: 'Data Migration',
    summary: 'Planning, mapping, rehearsing and cutting over data from legacy systems.',
    category: 'advanced',
    estimatedMinutes: 110,
    material: 'course',
    prerequisites: ['implementation-methodology'],
    minTier: 'silver',
    completion: 'lms',
  }),
  module({
    id: 'advanced-configuration',
    title: 'Advanced Configuration',
    summary: 'Workflows, custom objects, automation rules and performance tuning.',
    category: 'advanced',
    estimatedMinutes: 95,
    material: 'course',
    prerequisites: ['implementation-methodology'],
    minTier: 'silver',
    completion: 'lms',
  }),
  // electives
  module({
    id: 'negotiation-skills',
    title: 'Negotiation Skills',
    summary: 'Trading concessions, anchoring and closing multi-year agreements.',
    category: 'elective',
    estimatedMinutes: 60,
    material: 'video',
    prerequisites: [],
    completion: 'self',
  }),
  module({
    id: 'industry-healthcare',
    title: 'Industry Focus: Healthcare',
    summary: 'Buying centres, regulation and reference stories in healthcare.',
    category: 'elective',
    estimatedMinutes: 45,
    material: 'document',
    prerequisites: [],
    completion: 'self',
  }),
  module({
    id: 'industry-financial-services',
    title: 'Industry Focus: Financial Services',
    summary: 'Risk, compliance and procurement in banks and insurers.',
    category: 'elective',
    estimatedMinutes: 45,
    material: 'document',
    prerequisites: [],
    completion: 'self',
  }),
  module({
    id: 'co-marketing-playbook',
    title: 'Co-Marketing Playbook',
    summary: 'Joint campaigns, market development funds and event kits.',
    category: 'elective',
    estimatedMinutes: 30,
    material: 'link',
    prerequisites: [],
    completion: 'self',
  }),
]);

export const DEFAULT_CERTIFICATIONS: readonly Certification[] = Object.freeze([
  {
    id: 'sales-foundation',
    name: 'SISO Sales Foundation',
    level: 'foundation',
    requiredModules: [
      'partner-program-essentials',
      'product-fundamentals',
      'solution-selling',
      'pricing-and-licensing',
      'customer-onboarding',
    ],
    passingScore: 70,
    validityMonths: 24,
  },
  {
    id: 'solution-architect',
    name: 'SISO Certified Solution Architect',
    level: 'advanced',
    requiredModules: ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'],
    passingScore: 80,
    validityMonths: 24,
  },
  {
    id: 'implementation-specialist',
    name: 'SISO Certified Implementation Specialist',
    level: 'advanced',
    requiredModules: ['implementation-methodology', 'data-migration', 'advanced-configuration'],
    passingScore: 80,
    validityMonths: 24,
  },
]);

export const DEFAULT_CATALOG: Catalog = Object.freeze({
  modules: [...DEFAULT_MODULES],
  certifications: [...DEFAULT_CERTIFICATIONS],
});
