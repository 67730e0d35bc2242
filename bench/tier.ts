// Tier engine throughput: `evaluate` over a 200-module catalog with the default policy, and
// `recommend` per partner. Targets: ≥ 500,000 evaluations/s on one core, recommend ≤ 0.5 ms.
import {
  DEFAULT_CATALOG,
  DEFAULT_POLICY,
  evaluate,
  recommend,
  type Catalog,
  type Certificate,
  type Module,
  type ModuleProgressEntry,
  type PartnerTrainingState,
} from '../packages/core/src/index.ts';
import { opsPerSecond, report } from './lib/report.ts';

const TARGET_EVALS_PER_S = 500_000;
const TARGET_RECOMMEND_MS = 0.5;

// A deterministic generator, so runs are comparable.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

function bigCatalog(size: number): Catalog {
  const modules: Module[] = [...DEFAULT_CATALOG.modules];
  const certifications = [...DEFAULT_CATALOG.certifications];
  for (let i = modules.length; i < size; i += 1) {
    const advanced = i % 3 === 0;
    const id = `${advanced ? 'adv' : 'elective'}-${i}`;
    const previous = modules[modules.length - 1];
    modules.push({
      id,
      title: `Generated ${i}`,
      summary: 'Generated for the benchmark.',
      category: advanced ? 'advanced' : 'elective',
      estimatedMinutes: 20 + (i % 7) * 10,
      material: { kind: 'video', url: `https://training.siso.example/modules/${id}` },
      prerequisites: i % 5 === 0 && previous ? [previous.id] : [],
      completion: 'lms',
    });
  }
  for (let k = 0; k < 6; k += 1) {
    const required = modules
      .filter((m) => m.category === 'advanced')
      .slice(6 + k * 3, 9 + k * 3)
      .map((m) => m.id);
    certifications.push({
      id: `generated-cert-${k}`,
      name: `Generated ${k}`,
      level: 'advanced',
      requiredModules: required,
      passingScore: 70,
      validityMonths: 12,
    });
  }
  return { modules, certifications };
}

const catalog = bigCatalog(200);
const now = new Date('2026-06-01T00:00:00Z');
const lastEvaluation = new Date('2026-05-11T00:00:00Z');

function partner(n: number): PartnerTrainingState {
  const progress: ModuleProgressEntry[] = [];
  const taken = new Set<string>();
  const count = Math.floor(random() * 120);
  // Half the partners have finished core training, so every tier and the grace rule occur.
  const coreDone = random() < 0.5;
  for (let k = -5; k < count; k += 1) {
    const m = k < 0 ? (coreDone ? catalog.modules[k + 5] : undefined) : catalog.modules[Math.floor(random() * catalog.modules.length)];
    if (!m || taken.has(m.id)) continue;
    taken.add(m.id);
    const completed = k < 0 || random() < 0.7;
    progress.push({
      moduleId: m.id,
      status: completed ? 'completed' : 'in_progress',
      percent: completed ? 100 : Math.floor(random() * 100),
      timeSpentSeconds: Math.floor(random() * 7200),
      score: completed ? 50 + Math.floor(random() * 50) : null,
      startedAt: '2026-01-01T00:00:00Z',
      completedAt: completed ? '2026-02-01T00:00:00Z' : null,
    });
  }
  const certificates: Certificate[] = [];
  for (const c of catalog.certifications) {
    if (random() < 0.3) {
      const date = `${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      certificates.push({
        certificationId: c.id,
        issuedAt: `2025-${date}T00:00:00Z`,
        expiresAt: `2026-${date}T00:00:00Z`,
        revokedAt: null,
      });
    }
  }
  const state: PartnerTrainingState = {
    partner: {
      id: `p-${n}`,
      name: `Partner ${n}`,
      tier: 'bronze',
      performanceScore: Math.floor(random() * 100),
      trailingRevenue: Math.floor(random() * 1_000_000),
      currency: 'EUR',
    },
    progress,
    certificates,
  };
  // The recorded tier is what the server stored at its last evaluation, three weeks ago, so some
  // partners hold a tier through a grace period as they would in production.
  state.partner.tier = evaluate({ policy: DEFAULT_POLICY, catalog, state, now: lastEvaluation }).tier;
  return state;
}

const states = Array.from({ length: 1024 }, (_, n) => partner(n));
let i = 0;
const evalsPerSecond = opsPerSecond(() => {
  i = (i + 1) & 1023;
  return evaluate({ policy: DEFAULT_POLICY, catalog, state: states[i] as PartnerTrainingState, now });
}, 2000);
// Foresight prices every certificate ending within the warning window (and its renewal path): the
// same evaluations split by whether something is at stake, so the cost of that shows.
const staked = states.filter((s) => evaluate({ policy: DEFAULT_POLICY, catalog, state: s, now }).atStake.length > 0);
const calm = states.filter((s) => !staked.includes(s));
const evalsOf = (group: PartnerTrainingState[]) => {
  let k = 0;
  return opsPerSecond(() => {
    k = (k + 1) % group.length;
    return evaluate({ policy: DEFAULT_POLICY, catalog, state: group[k] as PartnerTrainingState, now });
  }, 1000);
};
const calmPerSecond = evalsOf(calm);
const stakedPerSecond = evalsOf(staked);
const recommendPerSecond = opsPerSecond(() => {
  i = (i + 1) & 1023;
  return recommend({ policy: DEFAULT_POLICY, catalog, state: states[i] as PartnerTrainingState, now });
}, 2000);
const recommendMs = 1000 / recommendPerSecond;

const inGrace = states.filter((s) => evaluate({ policy: DEFAULT_POLICY, catalog, state: s, now }).atRisk !== null).length;
const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
report(
  'tier',
  [
    {
      case: 'evaluate (200 modules, default policy)',
      result: Math.round(evalsPerSecond),
      unit: 'ops/s',
      target: `≥ ${TARGET_EVALS_PER_S.toLocaleString('en-US')}`,
      ok: evalsPerSecond >= TARGET_EVALS_PER_S ? 'yes' : 'NO',
    },
    { case: `  of which nothing at stake (${calm.length} partners)`, result: Math.round(calmPerSecond), unit: 'ops/s', target: '', ok: '' },
    {
      case: `  of which something at stake (${staked.length} partners)`,
      result: Math.round(stakedPerSecond),
      unit: 'ops/s',
      target: '',
      ok: '',
    },
    { case: `partners (of ${states.length}) holding a tier in grace`, result: inGrace, unit: '', target: '', ok: '' },
    {
      case: 'recommend (per partner)',
      result: round(recommendMs, 4),
      unit: 'ms',
      target: `≤ ${TARGET_RECOMMEND_MS}`,
      ok: recommendMs <= TARGET_RECOMMEND_MS ? 'yes' : 'NO',
    },
  ],
  {
    evals_per_s: Math.round(evalsPerSecond),
    evals_per_s_nothing_at_stake: Math.round(calmPerSecond),
    evals_per_s_at_stake: Math.round(stakedPerSecond),
    share_at_stake: round(staked.length / states.length, 3),
    recommend_ms: round(recommendMs, 4),
  },
);
