import { describe, expect, it } from 'vitest';
import { isPolicyValidationError, PolicyValidationError } from './errors.ts';
import { parsePolicy } from './policy.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';

// A deep copy to break, so DEFAULT_POLICY itself stays intact.
const policy = (): any => structuredClone(DEFAULT_POLICY);

function issuesOf(input: unknown) {
  try {
    parsePolicy(input, DEFAULT_CATALOG);
  } catch (error) {
    expect(isPolicyValidationError(error)).toBe(true);
    expect((error as Error).name).toBe('PolicyValidationError');
    return (error as PolicyValidationError).issues;
  }
  throw new Error('expected the policy to be rejected');
}

describe('parsePolicy', () => {
  it('accepts the default policy and returns it unchanged', () => {
    expect(parsePolicy(policy(), DEFAULT_CATALOG)).toEqual(DEFAULT_POLICY);
  });

  it('pins the default program', () => {
    expect(DEFAULT_POLICY.tiers.map((t) => [t.id, t.multiplier])).toEqual([
      ['bronze', 1],
      ['silver', 1.2],
      ['gold', 1.5],
      ['platinum', 2],
    ]);
    expect([DEFAULT_POLICY.baseRate, DEFAULT_POLICY.cap, DEFAULT_POLICY.downgrade.graceDays]).toEqual([10, 30, 30]);
  });

  const cases: { name: string; mutate: (p: any) => void; path: (string | number)[]; code: string; params?: object }[] = [
    {
      name: 'tiers out of order: a multiplier decreases',
      mutate: (p) => (p.tiers[2].multiplier = 1.1),
      path: ['tiers', 2, 'multiplier'],
      code: 'policy.multiplier_decreasing',
      params: { multiplier: 1.1, lowerTier: 'silver', lowerMultiplier: 1.2 },
    },
    {
      name: 'tiers out of order: a higher tier asks for fewer hours',
      mutate: (p) => (p.tiers[3].requirements[1].hours = 5),
      path: ['tiers', 3, 'requirements', 1],
      code: 'policy.requirement_weaker',
      params: { kind: 'training_hours', target: 5, lowerTier: 'silver', lowerTarget: 6 },
    },
    {
      name: 'a requirement naming an unknown module',
      mutate: (p) => p.tiers[1].requirements.push({ kind: 'module_completed', moduleId: 'no-such-module' }),
      path: ['tiers', 1, 'requirements', 2, 'moduleId'],
      code: 'policy.unknown_module',
      params: { moduleId: 'no-such-module' },
    },
    {
      name: 'a requirement naming an unknown certification',
      mutate: (p) => p.tiers[2].requirements.push({ kind: 'certification', certificationId: 'no-such-cert' }),
      path: ['tiers', 2, 'requirements', 2, 'certificationId'],
      code: 'policy.unknown_certification',
    },
    {
      name: 'a bonus condition naming an unknown module',
      mutate: (p) => (p.bonuses[0].when = { kind: 'module_completed', moduleId: 'gone' }),
      path: ['bonuses', 0, 'when', 'moduleId'],
      code: 'policy.unknown_module',
    },
    {
      name: 'more certifications than the catalog has',
      mutate: (p) => (p.tiers[3].requirements[0].count = 3),
      path: ['tiers', 3, 'requirements', 0, 'count'],
      code: 'policy.unreachable',
      params: { target: 3, available: 2 },
    },
    { name: 'a multiplier of 0', mutate: (p) => (p.tiers[0].multiplier = 0), path: ['tiers', 0, 'multiplier'], code: 'schema.too_small' },
    {
      name: 'a negative multiplier',
      mutate: (p) => (p.tiers[1].multiplier = -1),
      path: ['tiers', 1, 'multiplier'],
      code: 'schema.too_small',
    },
    {
      name: 'a cap below the base rate',
      mutate: (p) => (p.cap = 8),
      path: ['cap'],
      code: 'policy.cap_below_base',
      params: { cap: 8, baseRate: 10 },
    },
    {
      name: 'a duplicate tier id',
      mutate: (p) => (p.tiers[2].id = 'silver'),
      path: ['tiers', 2, 'id'],
      code: 'policy.duplicate_id',
      params: { id: 'silver', first: 1 },
    },
    {
      name: 'a duplicate bonus id',
      mutate: (p) => (p.bonuses[1].id = 'training'),
      path: ['bonuses', 1, 'id'],
      code: 'policy.duplicate_id',
    },
    {
      name: 'an unknown requirement kind',
      mutate: (p) => (p.tiers[1].requirements[0].kind = 'vibes'),
      path: ['tiers', 1, 'requirements', 0, 'kind'],
      code: 'schema.invalid_union',
    },
    { name: 'an unknown field', mutate: (p) => (p.colour = 'gold'), path: [], code: 'schema.unrecognized_keys' },
    { name: 'no tiers', mutate: (p) => (p.tiers = []), path: ['tiers'], code: 'schema.too_small' },
    {
      name: 'no entry tier: the lowest tier asks for something (Bronze removed)',
      mutate: (p) => p.tiers.shift(),
      path: ['tiers', 0, 'requirements'],
      code: 'policy.no_entry_tier',
      params: { tier: 'silver' },
    },
    {
      name: 'a tier that asks for nothing more than the tier below',
      mutate: (p) => (p.tiers[2].requirements = []),
      path: ['tiers', 2, 'requirements'],
      code: 'policy.tier_adds_nothing',
      params: { tier: 'gold', lowerTier: 'silver' },
    },
    {
      name: 'a tier whose requirements repeat those below it',
      mutate: (p) =>
        (p.tiers[2].requirements = [
          { kind: 'category_count', category: 'core', count: 5 },
          { kind: 'performance', score: 0 },
        ]),
      path: ['tiers', 2, 'requirements'],
      code: 'policy.tier_adds_nothing',
    },
    {
      name: 'a count below a lower tier’s complete category',
      mutate: (p) => p.tiers[2].requirements.push({ kind: 'category_count', category: 'core', count: 3 }),
      path: ['tiers', 2, 'requirements', 2],
      code: 'policy.requirement_weaker',
      params: { kind: 'category_count', target: 3, lowerTier: 'silver', lowerTarget: 5 },
    },
    {
      name: 'all score weights zero',
      mutate: (p) => (p.scoreWeights = { performance: 0, completion: 0, assessment: 0 }),
      path: ['scoreWeights'],
      code: 'policy.weights_zero',
    },
  ];

  it.each(cases)('rejects $name at $path with $code', ({ mutate, path, code, params }) => {
    const p = policy();
    mutate(p);
    const issues = issuesOf(p);
    const issue = issues.find((i) => i.code === code);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.path).toEqual(path);
    if (params) expect(issue?.params).toMatchObject(params);
  });

  it('reports every issue at once', () => {
    const p = policy();
    p.cap = 5;
    p.tiers[2].id = 'bronze';
    expect(
      issuesOf(p)
        .map((i) => i.code)
        .sort(),
    ).toEqual(['policy.cap_below_base', 'policy.duplicate_id']);
  });

  it('recognises the error across copies of the package by name', () => {
    const foreign = Object.assign(new Error('x'), { name: 'PolicyValidationError', issues: [] });
    expect(isPolicyValidationError(foreign)).toBe(true);
    expect(isPolicyValidationError(new Error('x'))).toBe(false);
  });
});
