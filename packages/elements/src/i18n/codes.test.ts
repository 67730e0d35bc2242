import { expect } from '@open-wc/testing';
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
    expect(say(de, 'requirement.category_count', { count: 1, category: 'Kern' })).to.equal('1 Modul der Kategorie Kern');
    expect(say(de, 'requirement.category_count', { count: 2, category: 'Kern' })).to.equal('2 Module der Kategorie Kern');
    expect(say(de, 'requirement.training_hours', { hours: 1 })).to.equal('1 Lernstunde');
    expect(say(de, 'requirement.training_hours', { hours: 6.5 })).to.equal('6.5 Lernstunden');
  });
});
