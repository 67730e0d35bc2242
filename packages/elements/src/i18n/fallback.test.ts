import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { loaded, part } from '../../../../test-support/elements.ts';
import '../define.ts';
import type { SisoTrainingProgress } from '../training-progress/training-progress.ts';
import { de } from './de.ts';
// Importing the table registers nothing: German is not loaded on this page until the last test.

const text = (el: Element | null) => el!.textContent.replace(/\s+/g, ' ').trim();

/** What the test's code wrote to console.warn meanwhile. */
async function warningsOf(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    await run();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

describe('a locale whose strings are not loaded', () => {
  it('shows English text, numbers and dates alike, and says so once per language and page', async () => {
    const token = await tokenFor('contoso');
    const warnings = await warningsOf(async () => {
      const box = await fixture<HTMLDivElement>(html`<div>
        <siso-training-progress api-base=${apiBase} token=${token} locale="de"></siso-training-progress>
        <siso-training-progress api-base=${apiBase} token=${token} locale="de-AT"></siso-training-progress>
        <siso-training-hub api-base=${apiBase} token=${token} locale="fr"></siso-training-hub>
      </div>`);
      const [card, austrian] = [...box.querySelectorAll('siso-training-progress')];
      const hub = box.querySelector('siso-training-hub')!;
      await Promise.all([loaded(card!), loaded(austrian!), loaded(hub, 'catalog')]);
      for (const el of [card!, austrian!]) {
        expect(text(part(el, 'title'))).to.equal('Training progress');
        expect(text(part(el, 'percent'))).to.equal('60%');
        expect(part(el, 'stat')!.textContent).to.equal('Time spent12 hr 25 min');
        expect(text(part(el, 'yearly-value'))).to.equal('Worth ≈ $262,500 a year at this rate');
        expect(text(part(el, 'at-stake'))).to.match(/expires [A-Z][a-z]{2} \d{1,2}, \d{4}\. Renew by then/);
        // Screen readers read it as English too.
        expect(part(el, 'card')!.lang).to.equal('en');
      }
      expect(text(part(hub, 'history-entry')!.querySelector('time'))).to.match(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/);
      expect(text(part(hub, 'score'))).to.match(/^Partner score [\d.]+ — performance 72 \(50%\)/);
      // Rendering again does not warn again.
      for (const el of [card!, austrian!, hub]) {
        el.requestUpdate();
        await el.updateComplete;
      }
    });
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.contain('no strings for "de"').and.contain('numbers and dates are in English');
    expect(warnings[1]).to.contain('no strings for "fr"');
  });

  it('speaks a language whose whole table is given as `strings`, formats included, without a warning', async () => {
    const token = await tokenFor('contoso');
    const warnings = await warningsOf(async () => {
      const el = await fixture(
        html`<siso-training-progress api-base=${apiBase} token=${token} locale="de" .strings=${de}></siso-training-progress>`,
      );
      await loaded(el);
      expect(text(part(el, 'title'))).to.equal('Schulungsfortschritt');
      expect(part(el, 'percent')!.textContent).to.equal('60\u00a0%');
      expect(part(el, 'card')!.lang).to.equal('de');
    });
    expect(warnings).to.deep.equal([]);
  });

  it('switches text and formats together once the strings are registered', async () => {
    const token = await tokenFor('contoso');
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="de"></siso-training-progress>`,
    );
    await loaded(el);
    expect(text(part(el, 'percent'))).to.equal('60%');
    // As a locale file loaded after the bundle does.
    await import('../locales/de.ts');
    await el.updateComplete;
    expect(text(part(el, 'title'))).to.equal('Schulungsfortschritt');
    expect(part(el, 'percent')!.textContent).to.equal('60\u00a0%');
    expect(part(el, 'stat')!.textContent).to.equal('Lernzeit12 Std. 25 Min.');
    expect(part(el, 'card')!.lang).to.equal('de');
  });
});
