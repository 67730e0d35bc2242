import { describe, expect, it } from 'vitest';
import { DEFAULT_MODULES } from './program/catalog.ts';
import { NOT_STARTED, type ModuleProgress } from './schemas/progress.ts';
import { summarize } from './summary.ts';

const done = (seconds: number): ModuleProgress => ({
  ...NOT_STARTED,
  status: 'completed',
  percent: 100,
  timeSpentSeconds: seconds,
  score: 90,
  startedAt: '2026-01-01T00:00:00Z',
  completedAt: '2026-01-02T00:00:00Z',
});

describe('summarize', () => {
  it('counts nothing for a partner who has not started', () => {
    expect(summarize({ modules: DEFAULT_MODULES, progress: new Map(), certificatesEarned: 0 })).toEqual({
      modulesCompleted: 0,
      modulesTotal: DEFAULT_MODULES.length,
      percent: 0,
      timeSpentSeconds: 0,
      certificatesEarned: 0,
    });
  });

  it('counts completed modules, adds time spent in every module, rounds the percent', () => {
    const progress = new Map<string, ModuleProgress>([
      ['product-fundamentals', done(5400)],
      [
        'solution-selling',
        { ...NOT_STARTED, status: 'in_progress', percent: 40, timeSpentSeconds: 600, startedAt: '2026-01-03T00:00:00Z' },
      ],
    ]);
    const s = summarize({ modules: DEFAULT_MODULES, progress, certificatesEarned: 1 });
    expect(s.modulesCompleted).toBe(1);
    expect(s.timeSpentSeconds).toBe(6000);
    expect(s.percent).toBe(Math.round((1 / DEFAULT_MODULES.length) * 10_000) / 100);
    expect(s.certificatesEarned).toBe(1);
  });

  it('ignores progress for modules no longer in the catalog', () => {
    const s = summarize({ modules: DEFAULT_MODULES, progress: new Map([['retired-module', done(100)]]), certificatesEarned: 0 });
    expect(s.modulesCompleted).toBe(0);
    expect(s.timeSpentSeconds).toBe(0);
  });
});
