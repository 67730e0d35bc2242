import { describe, expect, it } from 'vitest';
import { moduleDependents, validateCatalog } from './integrity.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import type { Catalog, Certification, Module } from './schemas/catalog.ts';

const policy = DEFAULT_POLICY;

function module(id: string, prerequisites: string[] = [], extra: Partial<Module> = {}): Module {
  return {
    id,
    title: id,
    summary: '',
    category: 'elective',
    estimatedMinutes: 30,
    material: { kind: 'link', url: 'https://example.com' },
    prerequisites,
    completion: 'self',
    ...extra,
  };
}

const certification = (id: string, requiredModules: string[]): Certification => ({
  id,
  name: id,
  level: 'foundation',
  requiredModules,
  passingScore: 50,
  validityMonths: 12,
});

const catalogOf = (modules: Module[], certifications: Certification[] = []): Catalog => ({ modules, certifications });

describe('validateCatalog', () => {
  it('names prerequisites and required modules that do not exist', () => {
    const catalog = catalogOf([module('a'), module('b', ['a', 'nothing'])], [certification('c', ['missing', 'a'])]);
    expect(validateCatalog({ catalog, policy })).toEqual([
      { path: ['modules', 1, 'prerequisites', 1], code: 'catalog.unknown_module', params: { moduleId: 'nothing' } },
      { path: ['certifications', 0, 'requiredModules', 0], code: 'catalog.unknown_module', params: { moduleId: 'missing' } },
    ]);
  });

  it('refuses a prerequisite cycle, direct, through other modules, or of a module on itself', () => {
    const catalog = catalogOf([module('a', ['c']), module('b', ['a']), module('c', ['b']), module('d', ['d'])]);
    expect(validateCatalog({ catalog, policy }).map((i) => [i.code, i.params])).toEqual([
      ['catalog.prerequisite_cycle', { moduleId: 'a', prerequisite: 'c' }],
      ['catalog.prerequisite_cycle', { moduleId: 'b', prerequisite: 'a' }],
      ['catalog.prerequisite_cycle', { moduleId: 'c', prerequisite: 'b' }],
      ['catalog.prerequisite_cycle', { moduleId: 'd', prerequisite: 'd' }],
    ]);
  });

  it('names a minTier the policy has no tier of', () => {
    const catalog = catalogOf([module('a', [], { minTier: 'gold' }), module('b', [], { minTier: 'diamond' })]);
    expect(validateCatalog({ catalog, policy })).toEqual([
      { path: ['modules', 1, 'minTier'], code: 'catalog.unknown_tier', params: { tier: 'diamond' } },
    ]);
  });

  it('names a second definition with the same id', () => {
    const catalog = catalogOf([module('a'), module('b'), module('a')], [certification('c', ['a']), certification('c', ['b'])]);
    expect(validateCatalog({ catalog, policy })).toEqual([
      { path: ['modules', 2, 'id'], code: 'catalog.duplicate_id', params: { id: 'a', first: 0 } },
      { path: ['certifications', 1, 'id'], code: 'catalog.duplicate_id', params: { id: 'c', first: 0 } },
    ]);
  });

  it('checks only the definition being written when told so, against the whole catalog', () => {
    // b's own problem is not the change's; a's cycle through b is.
    const catalog = catalogOf([module('a', ['b']), module('b', ['a', 'gone'])], [certification('a', ['gone'])]);
    expect(validateCatalog({ catalog, policy, only: 'a' })).toEqual([
      { path: ['modules', 0, 'prerequisites', 0], code: 'catalog.prerequisite_cycle', params: { moduleId: 'a', prerequisite: 'b' } },
      { path: ['certifications', 0, 'requiredModules', 0], code: 'catalog.unknown_module', params: { moduleId: 'gone' } },
    ]);
  });

  it('ends on a cycle elsewhere in the catalog that the checked module only leads into', () => {
    const catalog = catalogOf([module('x', ['y']), module('y', ['x']), module('a', ['x'])]);
    expect(validateCatalog({ catalog, policy, only: 'a' })).toEqual([]);
  });
});

describe('moduleDependents', () => {
  it('names every module and certification that requires the module', () => {
    const catalog = catalogOf([module('a'), module('b', ['a']), module('c', ['b'])], [certification('cert', ['c', 'a'])]);
    expect(moduleDependents({ catalog, moduleId: 'a' })).toEqual([
      { path: ['modules', 1, 'prerequisites'], code: 'catalog.module_in_use', params: { moduleId: 'a', dependent: 'b' } },
      { path: ['certifications', 0, 'requiredModules'], code: 'catalog.module_in_use', params: { moduleId: 'a', dependent: 'cert' } },
    ]);
    expect(moduleDependents({ catalog, moduleId: 'c' })).toHaveLength(1);
  });

  it('finds nothing for a module nothing names', () => {
    expect(moduleDependents({ catalog: catalogOf([module('a'), module('b', ['a'])]), moduleId: 'b' })).toEqual([]);
  });
});
