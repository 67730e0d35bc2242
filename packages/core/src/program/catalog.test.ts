import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../integrity.ts';
import { CatalogSchema } from '../schemas/catalog.ts';
import { DEFAULT_CATALOG } from './catalog.ts';
import { DEFAULT_POLICY } from './policy.ts';

describe('default catalog', () => {
  it('is valid by its own schema', () => {
    expect(CatalogSchema.safeParse(DEFAULT_CATALOG).success).toBe(true);
  });

  it('is consistent under the default policy: names only what exists, no id twice, no cycle', () => {
    expect(validateCatalog({ catalog: DEFAULT_CATALOG, policy: DEFAULT_POLICY })).toEqual([]);
  });

  it('has the size the program promises: ≥5 core, ≥6 advanced over 2 certifications, ≥4 electives', () => {
    const count = (c: string) => DEFAULT_CATALOG.modules.filter((m) => m.category === c).length;
    expect(count('core')).toBeGreaterThanOrEqual(5);
    expect(count('advanced')).toBeGreaterThanOrEqual(6);
    expect(count('elective')).toBeGreaterThanOrEqual(4);
    expect(DEFAULT_CATALOG.certifications.filter((c) => c.level === 'advanced')).toHaveLength(2);
  });
});
