import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { lms, loaded, part, parts } from '../../../../test-support/elements.ts';
import { cuttableFetch } from '../../../../test-support/network.ts';
import '../define.ts';
import '../locales/de.ts';
import { TrainingClient, type TrainingSnapshot } from '@siso/training-sdk';
import type { SisoTrainingProgress } from './training-progress.ts';

describe('<siso-training-progress>', () => {
  // First: the SDK shares one stream per partner and page, so only the first client for a
  // partner owns the connection this test cuts.
  it('keeps the data and says so while reconnecting or offline', async () => {
    const token = await tokenFor('northwind');
    const net = cuttableFetch();
    const client = new TrainingClient({ apiBase, token, fetch: net.fetch });
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress .client=${client}></siso-training-progress>`);
    await loaded(el);
    const status = () => part(el, 'status')!.textContent!.trim();
    net.cutAndHold();
    await waitUntil(() => status().startsWith('Reconnecting…'), 'no reconnecting notice', { timeout: 5000 });
    expect(part(el, 'modules')!.textContent).to.equal('2 of 15 modules');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    window.dispatchEvent(new Event('offline'));
    try {
      await waitUntil(() => status().startsWith('Offline'), 'no offline notice', { timeout: 5000 });
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
      net.release();
      window.dispatchEvent(new Event('online'));
    }
    await waitUntil(() => status() === '', 'did not come back live', { timeout: 8000 });
  });

  it('renders the whole card from a snapshot, and fires siso-ready', async () => {
    const token = await tokenFor('contoso');
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token=${token} locale="en-US"></siso-training-progress>`);
    const ready = await oneEvent(el, 'siso-ready');
    expect(ready.detail.snapshot.partner.id).to.equal('contoso');
    expect(part(el, 'modules')!.textContent).to.equal('7 of 15 modules');
    expect(part(el, 'percent')!.textContent).to.equal('47%');
    const bar = part(el, 'overall-bar')!;
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('47');
    expect(bar.getAttribute('aria-valuemax')).to.equal('100');
    expect(part(el, 'stats')!.textContent).to.contain('9 hr 15 min');
    expect(parts(el, 'badge').map((b) => b.textContent)).to.include('Core complete');
    expect(part(el, 'tier-badge')!.textContent).to.equal('Silver tier');
    const requirements = parts(el, 'requirement');
    expect(requirements.map((r) => r.part.contains('requirement-met'))).to.deep.equal([false, true]);
    expect(parts(el, 'requirement-bar')[0]!.getAttribute('aria-valuetext')).to.equal('0 / 1 (Not met)');
    expect(part(el, 'rate')!.textContent).to.equal('17%');
    expect(parts(el, 'line').map((l) => [...l.children].map((c) => c.textContent!.trim()).join(' '))).to.deep.equal([
      'Base rate 10%',
      'Silver multiplier ×1.2 +2 pts',
      'Training bonus +5 pts',
      'Certification uplift (0) not yet',
    ]);
    expect(part(el, 'yearly-value')!.textContent).to.equal('≈ $212,500 a year');
    expect(part(el, 'next-step')!.textContent).to.contain('Gold');
    await expect(el).to.be.accessible();
  });

  it('still renders with an invalid locale or currency', async () => {
    const token = await tokenFor('contoso');
    for (const locale of ['en_US', 'not a locale']) {
      const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token=${token} locale=${locale} currency="euro"></siso-training-progress>`);
      await loaded(el);
      expect(part(el, 'modules')!.textContent, locale).to.equal('7 of 15 modules');
      expect(part(el, 'yearly-value')!.textContent, locale).to.match(/212,500/);
    }
  });

  it('speaks German with locale="de" and takes string overrides', async () => {
    const token = await tokenFor('northwind');
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token=${token} locale="de" theme="dark"></siso-training-progress>`);
    el.strings = { modulesOf: (a, b) => `${a}/${b}` };
    await loaded(el);
    expect(part(el, 'title')!.textContent).to.equal('Schulungsfortschritt');
    expect(part(el, 'modules')!.textContent).to.equal('2/15');
    expect(part(el, 'percent')!.textContent).to.equal('13\u00a0%');
    expect(part(el, 'rate')!.textContent).to.equal('10\u00a0%');
    // The dark palette applies through the theme attribute.
    expect(getComputedStyle(part(el, 'card')!).backgroundColor).to.equal('rgb(22, 27, 34)');
    await expect(el).to.be.accessible();
  });

  it('gets its token from token-url and loads once with live="false"', async () => {
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress live="false" api-base=${apiBase} token-url=${`${apiBase}/demo/widget-token?partnerId=contoso`}></siso-training-progress>`,
    );
    await loaded(el);
    expect(el.live).to.equal(false);
    expect(part(el, 'modules')!.textContent).to.equal('7 of 15 modules');
  });

  it('tells a visitor who is not signed in so, not as an error, and shows the sign-in slot', async () => {
    // The CMS token URL answers 401 without the CMS session cookie.
    const tokenUrl = `${apiBase}/demo/cms/widget-token`;
    const plain = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token-url=${tokenUrl}></siso-training-progress>`);
    const refused = await oneEvent(plain, 'siso-error');
    expect(refused.detail.error.status).to.equal(401);
    await waitUntil(() => part(plain, 'signed-out'));
    expect(part(plain, 'error')).to.equal(null);
    expect(part(plain, 'signed-out')!.textContent!.trim()).to.equal('Sign in to see your training.');
    await expect(plain).to.be.accessible();

    const slotted = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token-url=${tokenUrl}><a slot="signed-out" href="/sign-in">Sign in</a></siso-training-progress>`,
    );
    await waitUntil(() => part(slotted, 'signed-out'));
    const slot = part(slotted, 'signed-out')!.querySelector('slot')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Sign in']);
  });

  it('shows skeletons while loading, then an error with a retry that recovers', async () => {
    const token = await tokenFor('northwind');
    // Port 9 (discard) refuses connections: the load fails fast.
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress live="false" api-base="http://127.0.0.1:9" token=${token}></siso-training-progress>`);
    expect(el.shadowRoot!.querySelector('[role="status"] .skeleton')).to.exist;
    const failed = await oneEvent(el, 'siso-error');
    expect(failed.detail.action).to.equal('load');
    await waitUntil(() => part(el, 'error'));
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    el.apiBase = apiBase;
    await waitUntil(() => part(el, 'modules'), 'did not recover after api-base changed', { timeout: 5000 });
  });

  it('asks for a credential when it has none, and renders strings as text', async () => {
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase}></siso-training-progress>`);
    expect(part(el, 'empty')!.textContent).to.contain('token');
    el.strings = { progressTitle: '<img src=x onerror=alert(1)>' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(part(el, 'title')!.textContent).to.equal('<img src=x onerror=alert(1)>');
  });

  it('applies a live update without reloading, highlights it and fires siso-module-completed', async () => {
    const token = await tokenFor('fabrikam');
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token=${token} locale="en"></siso-training-progress>`);
    await loaded(el);
    const before = part(el, 'modules')!.textContent!;
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="status"]')!.textContent === '', 'never live');
    const completed = oneEvent(el, 'siso-module-completed');
    await lms('fabrikam', 'product-fundamentals', 'complete');
    const { detail } = await completed;
    expect(detail.moduleId).to.equal('product-fundamentals');
    await el.updateComplete;
    expect(part(el, 'modules')!.textContent).not.to.equal(before);
    expect(part(el, 'overview')!.classList.contains('changed')).to.equal(true);
  });

  it('fires siso-tier-changed and highlights the tier when a reload brings a new tier', async () => {
    const real = new TrainingClient({ apiBase, token: await tokenFor('northwind') });
    const before = await real.getTraining();
    const after: TrainingSnapshot = { ...before, evaluation: { ...before.evaluation, tier: 'silver' } };
    let calls = 0;
    const client = { getTraining: async () => (calls++ === 0 ? before : after) } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress live="false" .client=${client}></siso-training-progress>`);
    await loaded(el);
    expect(part(el, 'tier-badge')!.textContent).to.equal('Bronze tier');
    const changed = oneEvent(el, 'siso-tier-changed');
    (el as unknown as { data: { retry(): void } }).data.retry();
    expect((await changed).detail).to.deep.equal({ from: 'bronze', to: 'silver' });
    await el.updateComplete;
    expect(part(el, 'tier-badge')!.textContent).to.equal('Silver tier');
    expect(part(el, 'tier')!.classList.contains('changed')).to.equal(true);
  });

  it('fits a 320 px container without overflow', async () => {
    const token = await tokenFor('contoso');
    const box = await fixture<HTMLDivElement>(html`<div style="width: 320px"><siso-training-progress api-base=${apiBase} token=${token}></siso-training-progress></div>`);
    const el = box.querySelector('siso-training-progress')!;
    await loaded(el);
    const card = part(el, 'card')!;
    expect(card.scrollWidth).to.be.at.most(card.clientWidth);
    for (const node of el.shadowRoot!.querySelectorAll('*')) {
      expect(node.getBoundingClientRect().right, node.getAttribute('part') ?? node.tagName).to.be.at.most(box.getBoundingClientRect().right + 0.5);
    }
  });
});
