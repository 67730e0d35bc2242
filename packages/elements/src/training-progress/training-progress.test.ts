import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { lms, loaded, part, parts } from '../../../../test-support/elements.ts';
import { cuttableFetch } from '../../../../test-support/network.ts';
import '../define.ts';
import '../locales/de.ts';
import type { RequirementStatus } from '@siso/training-core';
import { TrainingClient, type TrainingSnapshot } from '@siso/training-sdk';
import type { SisoTrainingProgress } from './training-progress.ts';

const text = (el: Element | null) => el!.textContent.replace(/\s+/g, ' ').trim();

/** A commission line as [label, what earns it, value]. */
function lineText(line: Element): [string, string, string] {
  const about = text(line.querySelector('.about') ?? document.createElement('span'));
  return [text(line.querySelector('dt')).replace(about, '').trim(), about, text(line.querySelector('dd'))];
}

describe('<siso-training-progress>', () => {
  // The SDK shares one stream per partner and page. This test's client owns the connection it
  // cuts wherever the test runs: the elements of earlier tests have left the page (fixture
  // cleanup), and a store nobody listens to no longer serves its partner.
  it('keeps the data and says so while reconnecting or offline', async () => {
    const token = await tokenFor('northwind');
    const net = cuttableFetch();
    const client = new TrainingClient({ apiBase, token, fetch: net.fetch });
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress .client=${client}></siso-training-progress>`);
    await loaded(el);
    const status = () => part(el, 'status')!.textContent.trim();
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
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="en-US"></siso-training-progress>`,
    );
    const ready = await oneEvent(el, 'siso-ready');
    expect(ready.detail.snapshot.partner.id).to.equal('contoso');
    expect(part(el, 'modules')!.textContent).to.equal('9 of 15 modules');
    expect(part(el, 'percent')!.textContent).to.equal('60%');
    const bar = part(el, 'overall-bar')!;
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('60');
    expect(bar.getAttribute('aria-valuemax')).to.equal('100');
    expect(part(el, 'stats')!.textContent).to.contain('12 hr 25 min');
    expect(parts(el, 'badge').map((b) => b.textContent)).to.include('Core complete');
    expect(part(el, 'tier-badge')!.textContent).to.equal('Gold tier');
    // Towards Platinum: two advanced certifications, 20 hours, performance 80 — none met yet.
    const requirements = parts(el, 'requirement');
    expect(requirements.map((r) => r.part.contains('requirement-met'))).to.deep.equal([false, false, false]);
    expect(parts(el, 'requirement-bar')[0]!.getAttribute('aria-valuetext')).to.equal('1 / 2 (Not met)');
    expect(part(el, 'rate')!.textContent).to.equal('21%');
    expect(parts(el, 'line').map(lineText)).to.deep.equal([
      ['Base rate', '', '10%'],
      ['Gold multiplier ×1.5', '', '+5 pts'],
      ['Training bonus', '+5 points when met: All Core modules completed — 5 of 5', '+5 pts'],
      ['Certification uplift', '+1 point per active advanced certification, up to 3 points — 1 so far', '+1 pts'],
    ]);
    expect(part(el, 'yearly-value')!.textContent).to.equal('Worth ≈ $262,500 a year at this rate');
    expect(text(part(el, 'next-step'))).to.equal(
      'Next best step: Renew SISO Certified Solution Architect by ' +
        `${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(ready.detail.snapshot.nextStep!.actBy))} to keep Gold: ` +
        'Architecture Deep Dive, Integration Patterns, and Security and Compliance (3 modules, 5 h) — keeps 4 points (≈ $50,000 a year)',
    );
    await expect(el).to.be.accessible();
  });

  it('still renders with an invalid locale or currency', async () => {
    const token = await tokenFor('contoso');
    for (const locale of ['en_US', 'not a locale']) {
      const el = await fixture<SisoTrainingProgress>(
        html`<siso-training-progress api-base=${apiBase} token=${token} locale=${locale} currency="euro"></siso-training-progress>`,
      );
      await loaded(el);
      expect(part(el, 'modules')!.textContent, locale).to.equal('9 of 15 modules');
      expect(part(el, 'yearly-value')!.textContent, locale).to.match(/262,500/);
    }
  });

  it('speaks German with locale="de" and takes string overrides', async () => {
    const token = await tokenFor('northwind');
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="de" theme="dark"></siso-training-progress>`,
    );
    el.strings = { modulesOf: (a, b) => `${a}/${b}` };
    await loaded(el);
    expect(part(el, 'title')!.textContent).to.equal('Schulungsfortschritt');
    expect(part(el, 'modules')!.textContent).to.equal('2/15');
    expect(part(el, 'percent')!.textContent).to.equal('13\u00a0%');
    expect(part(el, 'rate')!.textContent).to.equal('10\u00a0%');
    expect(text(part(el, 'next-step'))).to.match(
      /^Empfohlener nächster Schritt: So erreichen Sie Silver: Solution Selling, .* \(4 Module, 3,25 Std\.\) — \+7 Punkte \(\+33\.600 € pro Jahr\)$/,
    );
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
    expect(part(el, 'modules')!.textContent).to.equal('9 of 15 modules');
  });

  it('tells a visitor who is not signed in so, not as an error, and shows the sign-in slot', async () => {
    // The CMS token URL answers 401 without the CMS session cookie.
    const tokenUrl = `${apiBase}/demo/cms/widget-token`;
    const plain = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token-url=${tokenUrl}></siso-training-progress>`,
    );
    const refused = await oneEvent(plain, 'siso-error');
    expect(refused.detail.error.status).to.equal(401);
    await waitUntil(() => part(plain, 'signed-out'));
    expect(part(plain, 'error')).to.equal(null);
    expect(part(plain, 'signed-out')!.textContent.trim()).to.equal('Sign in to see your training.');
    // One line, not a box as tall as the training it would show.
    expect(plain.getBoundingClientRect().height).to.be.below(300);
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
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress live="false" api-base="http://127.0.0.1:9" token=${token}></siso-training-progress>`,
    );
    expect(el.shadowRoot!.querySelector('[role="status"] .skeleton')).to.exist;
    // The loaded view's height is held for it while the skeleton shows, and only then.
    expect(el.matches(':state(loading)')).to.equal(true);
    expect(el.getBoundingClientRect().height).to.be.at.least(420);
    const failed = await oneEvent(el, 'siso-error');
    expect(failed.detail.action).to.equal('load');
    await waitUntil(() => part(el, 'error'));
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(el.matches(':state(loading)')).to.equal(false);
    expect(el.getBoundingClientRect().height).to.be.below(300);
    el.apiBase = apiBase;
    await waitUntil(() => part(el, 'modules'), 'did not recover after api-base changed', { timeout: 5000 });
  });

  it('still renders where custom states take only dashed names (Chromium 90–124)', async () => {
    const { add } = CustomStateSet.prototype;
    CustomStateSet.prototype.add = function (this: CustomStateSet, state: string) {
      if (!state.startsWith('--')) throw new DOMException(`The specified value '${state}' must start with '--'.`, 'SyntaxError');
      return add.call(this, state);
    };
    try {
      const el = await fixture<SisoTrainingProgress>(
        html`<siso-training-progress live="false" api-base=${apiBase} token=${await tokenFor('contoso')}></siso-training-progress>`,
      );
      await loaded(el);
      expect(part(el, 'modules')).to.exist;
    } finally {
      CustomStateSet.prototype.add = add;
    }
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
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="en"></siso-training-progress>`,
    );
    await loaded(el);
    const before = part(el, 'modules')!.textContent;
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

  it('shows what is at stake first, under the title, with a way into the hub the host can take over', async () => {
    const token = await tokenFor('contoso');
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="en-US" hub-href="#siso-hub"></siso-training-progress>`,
    );
    await loaded(el);
    // The first thing shown after the title (the status line is empty while live).
    const shown = [...part(el, 'card')!.querySelectorAll<HTMLElement>('[part]')].filter((n) => n.checkVisibility());
    expect(shown.map((n) => n.getAttribute('part')).slice(0, 3)).to.deep.equal(['title', 'at-stake', 'at-stake-action button']);
    const stake = text(part(el, 'at-stake'));
    for (const needle of [
      'SISO Certified Solution Architect expires',
      'keep Gold and 21%',
      '−4 points',
      '≈ −\u2060$50,000 a year',
      '3 modules, 5 h',
    ]) {
      expect(stake).to.contain(needle);
    }
    expect(el.getAttribute('hub-href')).to.equal('#siso-hub');

    const action = part(el, 'at-stake-action') as HTMLAnchorElement;
    expect(action.tagName).to.equal('A');
    const asked: CustomEvent[] = [];
    el.addEventListener('siso-open-hub', (e) => asked.push(e));
    const veto = (e: Event) => e.preventDefault();
    el.addEventListener('siso-open-hub', veto);
    const before = location.href;
    action.click();
    expect(asked).to.have.length(1);
    expect(asked[0]!.detail).to.deep.equal({ href: '#siso-hub', certificationId: 'solution-architect', reason: 'renew' });
    expect([asked[0]!.cancelable, asked[0]!.bubbles, asked[0]!.composed, asked[0]!.defaultPrevented]).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
    expect(location.href).to.equal(before);

    // Not cancelled, the general hub link navigates: the same click that, vetoed, did not.
    el.removeEventListener('siso-open-hub', veto);
    try {
      (part(el, 'hub-link') as HTMLAnchorElement).click();
      expect(asked[1]!.detail).to.deep.equal({ href: '#siso-hub', certificationId: null, reason: 'open' });
      expect(location.hash).to.equal('#siso-hub');
    } finally {
      history.replaceState(null, '', before);
    }

    // Without hub-href: a button that only asks, and no hub link.
    el.hubHref = undefined;
    await el.updateComplete;
    expect(part(el, 'at-stake-action')!.tagName).to.equal('BUTTON');
    expect(part(el, 'hub-link')).to.equal(null);
    part(el, 'at-stake-action')!.click();
    expect(asked[2]!.detail).to.deep.equal({ href: null, certificationId: 'solution-architect', reason: 'renew' });
    await expect(el).to.be.accessible();
  });

  it('names the whole way to the next tier and its gain, each requirement once, and what earns each bonus', async () => {
    const token = await tokenFor('northwind');
    const snapshot = await new TrainingClient({ apiBase, token }).getTraining();
    const step = snapshot.nextStep!;
    expect(step.kind).to.equal('tier');
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token=${token} locale="en-US"></siso-training-progress>`,
    );
    await loaded(el);
    const next = text(part(el, 'next-step'));
    expect(next).to.match(/^Next best step: Reach Silver: /);
    for (const m of step.modules) expect(next).to.contain(snapshot.modules.find((x) => x.id === m.moduleId)!.title);
    expect(next).to.contain(`(${step.modules.length} modules, ${step.hours} h): +${step.rateDelta} points (+€33,600 a year)`);
    expect(part(el, 'at-stake')).to.equal(null);
    const labels = parts(el, 'requirement').map((r) => text(r.querySelector('span')));
    expect(labels).to.deep.equal(['All Core modules completed', '6 training hours']);
    const [bonus, uplift] = parts(el, 'line').filter((l) => l.textContent.includes('Training bonus') || l.textContent.includes('uplift'));
    expect(lineText(bonus!)).to.deep.equal(['Training bonus', '+5 points when met: All Core modules completed — 2 of 5', 'not yet']);
    expect(lineText(uplift!)[1]).to.equal('+1 point per active advanced certification, up to 3 points — 0 so far');
  });

  it('says when a tier is held in grace, what no module can give, and shortens long module lists', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('contoso') }).getTraining();
    const stake = real.evaluation.atStake[0]!;
    const ids = real.modules.map((m) => m.id);
    const path = ids.slice(0, 6).map((moduleId) => ({ moduleId, code: 'path.take', hours: 1 }));
    const performance = real.evaluation.next!.missing.find((r) => r.code === 'requirement.performance')!;
    const show = async (snapshot: TrainingSnapshot) => {
      const client = { getTraining: async () => snapshot } as unknown as TrainingClient;
      const el = await fixture<SisoTrainingProgress>(
        html`<siso-training-progress live="false" locale="en-US" .client=${client}></siso-training-progress>`,
      );
      await loaded(el);
      return el;
    };
    const date = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso));
    const grace = { ...stake, code: 'stake.grace', tierDropsAt: '2027-02-01T12:00:00.000Z', actBy: '2027-02-01T12:00:00.000Z' };
    const el = await show({
      ...real,
      evaluation: { ...real.evaluation, atStake: [grace] },
      nextStep: {
        kind: 'tier',
        tier: 'platinum',
        certificationId: null,
        actBy: null,
        modules: path,
        hours: 6,
        rateDelta: 6,
        yearlyValue: 75_000,
        currency: 'USD',
        blockedBy: [performance],
      },
    });
    expect(text(part(el, 'at-stake'))).to.equal(
      `SISO Certified Solution Architect expired ${date(grace.expiresAt)}. Gold is held until ${date(grace.tierDropsAt)}, then it drops to Silver and 17% ` +
        '(−4 points, ≈ −\u2060$50,000 a year): renew with 3 modules, 5 h Renew now',
    );
    expect(part(el, 'at-stake-action')!.getAttribute('aria-label')).to.equal('Renew now: SISO Certified Solution Architect');
    const titles = path.slice(0, 3).map((m) => real.modules.find((x) => x.id === m.moduleId)!.title);
    expect(text(part(el, 'next-step'))).to.equal(
      `Next best step: Reach Platinum: ${titles.join(', ')}, and 3 more (6 modules, 6 h): +6 points (+$75,000 a year). ` +
        'Platinum also needs: Performance score 80 (yours: 72)',
    );
    const blocked = await show({
      ...real,
      nextStep: {
        kind: 'tier',
        tier: 'platinum',
        certificationId: null,
        actBy: null,
        modules: [],
        hours: 0,
        rateDelta: 0,
        yearlyValue: null,
        currency: null,
        blockedBy: [performance],
      },
    });
    expect(text(part(blocked, 'next-step'))).to.equal('Next best step: Reach Platinum: Performance score 80 (yours: 72)');
    const none = await show({ ...real, nextStep: null });
    expect(text(part(none, 'next-step'))).to.equal('Next best step: Your rate is at its maximum for now.');
  });

  it('says how many modules are done once, and fills every row of its tiles at any width from 280 px', async () => {
    const token = await tokenFor('contoso');
    for (const width of [280, 320, 390, 480, 560, 640, 768, 1024, 1280]) {
      const box = await fixture<HTMLDivElement>(
        html`<div style=${`width: ${width}px`}><siso-training-progress api-base=${apiBase} token=${token} locale="en"></siso-training-progress></div>`,
      );
      const el = box.querySelector('siso-training-progress')!;
      await loaded(el);
      expect(el.shadowRoot!.textContent.split('9 of 15 modules').length - 1, `${width} px`).to.equal(1);
      const grid = part(el, 'stats')!.getBoundingClientRect();
      const tiles = parts(el, 'stat').map((t) => t.getBoundingClientRect());
      const rows = new Map<number, DOMRect[]>();
      for (const tile of tiles) rows.set(Math.round(tile.top), [...(rows.get(Math.round(tile.top)) ?? []), tile]);
      for (const row of rows.values()) {
        // Each row spans the whole grid: no empty cell beside its last tile.
        expect(Math.min(...row.map((t) => t.left)), `${width} px`).to.be.closeTo(grid.left, 1);
        expect(Math.max(...row.map((t) => t.right)), `${width} px`).to.be.closeTo(grid.right, 1);
      }
    }
  });

  it('moves each requirement bar from its own value: as one is met, and when the tier changes', async () => {
    const bronze = await new TrainingClient({ apiBase, token: await tokenFor('northwind') }).getTraining();
    const gold = await new TrainingClient({ apiBase, token: await tokenFor('contoso') }).getTraining();
    const next = bronze.evaluation.next!;
    const isCore = (r: RequirementStatus) => r.code === 'requirement.category_complete';
    const met = (r: RequirementStatus) => (isCore(r) ? { ...r, met: true, current: 5, progress: 1 } : r);
    // Every core module done: that requirement is met, the hours still missing.
    const coreDone: TrainingSnapshot = {
      ...bronze,
      evaluation: {
        ...bronze.evaluation,
        tiers: bronze.evaluation.tiers.map((t) => ({ ...t, requirements: t.requirements.map(met) })),
        next: { ...next, missing: next.missing.filter((r) => !isCore(r)) },
      },
    };
    // Then a tier up, towards Platinum: Platinum's requirements.
    const promoted: TrainingSnapshot = { ...bronze, evaluation: gold.evaluation };
    const answers = [bronze, coreDone, promoted];
    const client = { getTraining: async () => answers.shift()! } as unknown as TrainingClient;
    // Transitions that last the test out, however slow the machine: the test reads where they start.
    const slow = document.createElement('style');
    slow.textContent = '.slow::part(bar-fill) { transition-duration: 3600s; }';
    document.head.append(slow);
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress class="slow" live="false" locale="en" .client=${client}></siso-training-progress>`,
    );
    await loaded(el);
    const reload = () => (el as unknown as { data: { retry(): void } }).data.retry();
    // Each bar by its label, drawn (its style computed) as on a page shown for a while.
    const bars = () =>
      new Map(
        parts(el, 'requirement').map((r) => {
          const fill = r.querySelector<HTMLElement>('[part~="bar-fill"]')!;
          getComputedStyle(fill).transform;
          return [text(r.querySelector('span')), fill];
        }),
      );
    /** Where each running transition of the bar started. */
    const startsOf = (fill: HTMLElement) =>
      fill
        .getAnimations()
        .filter((a): a is CSSTransition => a instanceof CSSTransition)
        .map((t) => (t.effect as KeyframeEffect).getKeyframes()[0]!.transform);

    const first = bars();
    expect([...first.keys()]).to.deep.equal(['All Core modules completed', '6 training hours']);
    const coreWas = `scaleX(${first.get('All Core modules completed')!.style.getPropertyValue('--siso-fill')})`;
    expect(coreWas).to.equal('scaleX(0.4)');
    reload();
    await waitUntil(() => part(el, 'requirement-met'));
    const second = bars();
    // The same bars in the same places: the met one fills from its own value, the other stays.
    expect([...second.keys()]).to.deep.equal([...first.keys()]);
    for (const [label, fill] of second) expect(fill, label).to.equal(first.get(label));
    expect(startsOf(second.get('All Core modules completed')!)).to.deep.equal([coreWas]);
    expect(startsOf(second.get('6 training hours')!)).to.deep.equal([]);

    reload();
    await waitUntil(() => part(el, 'tier-badge')!.textContent === 'Gold tier');
    const third = bars();
    expect([...third.keys()]).to.deep.equal(['2 active advanced certifications', '20 training hours', 'Performance score 80']);
    // Requirements not shown before: bars of their own, drawn at their value — not the bars of
    // other requirements moving from those requirements' values.
    for (const [label, fill] of third) {
      expect([...second.values()], label).not.to.include(fill);
      expect(startsOf(fill), label).to.deep.equal([]);
    }
    slow.remove();
  });

  it('fits a 320 px container without overflow', async () => {
    const token = await tokenFor('contoso');
    const box = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><siso-training-progress api-base=${apiBase} token=${token}></siso-training-progress></div>`,
    );
    const el = box.querySelector('siso-training-progress')!;
    await loaded(el);
    const card = part(el, 'card')!;
    expect(card.scrollWidth).to.be.at.most(card.clientWidth);
    for (const node of el.shadowRoot!.querySelectorAll('*')) {
      expect(node.getBoundingClientRect().right, node.getAttribute('part') ?? node.tagName).to.be.at.most(
        box.getBoundingClientRect().right + 0.5,
      );
    }
  });
});
