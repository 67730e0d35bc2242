import { describe, expect, it } from 'vitest';
import { CatalogSchema } from '../schemas/catalog.ts';
import { DEFAULT_CATALOG } from './catalog.ts';

describe('default catalog', () => {
  it('is valid by its own schema', () => {
    expect(CatalogSchema.safeParse(DEFAULT_CATALOG).success).toBe(true);
  });

  it('names only modules that exist, and no id twice', () => {
    const ids = new Set(DEFAULT_CATALOG.modules.map((m) => m.id));
    expect(ids.size).toBe(DEFAULT_CATALOG.modules.length);
    for (const m of DEFAULT_CATALOG.modules) for (const p of m.prerequisites) expect(ids).toContain(p);
    for (const c of DEFAULT_CATALOG.certifications) for (const r of c.requiredModules) expect(ids).toContain(r);
  });

  it('has the size the program promises: ≥5 core, ≥6 advanced over 2 certifications, ≥4 electives', () => {
    const count = (c: string) => DEFAULT_CATALOG.modules.filter((m) => m.category === c).length;
    expect(count('core')).toBeGreaterThanOrEqual(5);
    expect(count('advanced')).toBeGreaterThanOrEqual(6);
    expect(count('elective')).toBeGreaterThanOrEqual(4);
    expect(DEFAULT_CATALOG.certifications.filter((c) => c.level === 'advanced')).toHaveLength(2);
  });
});
