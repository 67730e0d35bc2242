import { expect } from '@open-wc/testing';
import { TRAINING_EVENT_TYPES, type RequirementKind } from '@siso/training-core';
import { de } from './de.ts';
import { en, type Names } from './en.ts';
import { describe as describeCode } from './format.ts';

// Names as the elements pass them, reduced to what the texts below read.
const names = { number: (n: unknown) => String(n), category: (id: unknown) => String(id) } as Names;

describe('reason texts', () => {
  it('say one module and one hour in the singular, in English and German', () => {
    const say = (table: typeof en, code: string, params: Record<string, number | string>) => describeCode(table, names, code, params);
    expect(say(en, 'requirement.category_count', { count: 1, category: 'Core' })).to.equal('1 Core module completed');
    expect(say(en, 'requirement.category_count', { count: 3, category: 'Core' })).to.equal('3 Core modules completed');
    expect(say(en, 'requirement.training_hours', { hours: 1 })).to.equal('1 training hour');
    expect(say(en, 'requirement.training_hours', { hours: 20 })).to.equal('20 training hours');
    expect(say(de, 'requirement.category_count', { count: 1, category: 'Kern' })).to.equal('1 Modul der Kategorie Kern abgeschlossen');
    expect(say(de, 'requirement.category_count', { count: 2, category: 'Kern' })).to.equal('2 Module der Kategorie Kern abgeschlossen');
    expect(say(de, 'requirement.training_hours', { hours: 1 })).to.equal('1 Lernstunde');
    expect(say(de, 'requirement.training_hours', { hours: 6.5 })).to.equal('6.5 Lernstunden');
  });
});

// Every code the core can produce, so a new one without a text fails here rather than showing
// the raw code: `Record<RequirementKind, …>` fails to compile when a requirement kind is added.
const requirementKinds: Record<RequirementKind, true> = {
  category_complete: true,
  category_count: true,
  module_completed: true,
  training_hours: true,
  certification_level: true,
  certification: true,
  performance: true,
};
const coreCodes = [
  ...Object.keys(requirementKinds).map((kind) => `requirement.${kind}`),
  // History lines: every event type (the SDK adds them live, the server stores them).
  ...TRAINING_EVENT_TYPES,
  'recommendation.reaches_tier',
  'recommendation.rate_gain',
  'recommendation.unlocks_requirement',
  'recommendation.advances_requirement',
  'recommendation.earns_certification',
  'recommendation.certification_progress',
  'recommendation.weak_area',
  'recommendation.renews',
  'recommendation.on_path',
  'locked.prerequisites',
  'locked.min_tier',
  'certificate.lapsed',
  'stake.expiring',
  'stake.grace',
  'stake.bonus',
  'path.take',
  'path.retake',
  'path.pass',
];

describe('code texts', () => {
  const full = {
    ...names,
    tier: String,
    bonus: String,
    module: String,
    certification: String,
    date: String,
    list: (ids: unknown) => String(ids),
  } as Names;
  const params = {
    tier: 'gold',
    fallbackTier: 'silver',
    until: '2027-01-01',
    outcome: 'kept',
    certificationId: 'c',
    actBy: '2027-01-01',
    points: 4,
    step: 1,
    steps: 3,
    id: 'training',
  };

  for (const [language, table] of [
    ['English', en],
    ['German', de],
  ] as const) {
    it(`has a ${language} text for every code the core can produce`, () => {
      const missing = coreCodes.filter((code) => typeof table.codes[code] !== 'function');
      expect(missing).to.deep.equal([]);
      for (const code of coreCodes)
        expect(describeCode(table, full, code, params), code)
          .to.be.a('string')
          .and.not.equal(code);
    });
  }

  it('say whether a renewal keeps a tier, and how a grace period ended', () => {
    const say = (table: typeof en, code: string, p: Record<string, number | string | null>) => describeCode(table, full, code, p);
    const renews = { certificationId: 'Architect', actBy: '3 Mar', points: 4 };
    expect(say(en, 'recommendation.renews', { ...renews, tier: 'Gold' })).to.equal('Renews Architect by 3 Mar, keeps Gold and 4 points');
    expect(say(en, 'recommendation.renews', { ...renews, tier: null, points: 1 })).to.equal('Renews Architect by 3 Mar, keeps 1 point');
    expect(say(de, 'recommendation.renews', { ...renews, tier: 'Gold' })).to.equal(
      'Erneuert Architect bis 3 Mar, sichert Gold und 4 Punkte',
    );
    expect(say(en, 'grace.ended', { tier: 'Gold', outcome: 'dropped' })).to.equal('Gold lost after the grace period');
    expect(say(de, 'grace.ended', { tier: 'Gold', outcome: 'kept' })).to.equal('Gold nach der Schonfrist behalten');
  });
});

// Texts are put together from pieces (a level's adjective and a noun, a count and its plural): a
// space or hyphen lost at a seam ("fortgeschritteneZertifizierungen") is found here, in every text
// of both tables, with each parameter in turn a word, a count of one, and the values that pick a
// wording (`advanced`, `per_module`, `kept`).
describe('every text', () => {
  const samples: unknown[] = ['Wort', 1, 2, 'advanced', 'foundation', 'per_module', 'per_certification', 'kept', 'dropped'];
  const names = new Proxy({} as Names, { get: () => (value: unknown) => (typeof value === 'number' ? String(value) : 'Name') });
  const texts = (table: typeof en): [string, string][] => {
    const out: [string, string][] = [];
    const visit = (key: string, value: unknown) => {
      if (typeof value === 'string') out.push([key, value]);
      else if (typeof value === 'function')
        for (const sample of samples) {
          const args = key.startsWith('codes.')
            ? [new Proxy({}, { get: () => sample }), names]
            : Array.from({ length: value.length }, () => sample);
          out.push([key, String((value as (...a: unknown[]) => unknown)(...args))]);
        }
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(`${key}.${k}`, v);
    };
    for (const [key, value] of Object.entries(table)) visit(key, value);
    return out;
  };

  for (const [language, table] of [
    ['English', en],
    ['German', de],
  ] as const) {
    it(`in ${language} has no words run together and no stray spaces`, () => {
      // `tokenProvider` is the property's name, not two words.
      const bad = texts(table).filter(([, text]) => {
        const prose = text.replace('tokenProvider', 'provider');
        return /\p{Ll}\p{Lu}/u.test(prose) || /\s\s|\s[,.:;)]|^\s|\s$|undefined|null|\[object/.test(prose);
      });
      expect(bad).to.deep.equal([]);
    });
  }
});
