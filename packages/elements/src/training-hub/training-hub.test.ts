import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { lmsExpiredCertificate, loaded, part, parts } from '../../../../test-support/elements.ts';
import { cuttableFetch } from '../../../../test-support/network.ts';
import '../define.ts';
import { TaskStatus } from '@lit/task';
import { liveStore, TrainingClient, type Simulation, type TrainingSnapshot } from '@siso/training-sdk';
import type { CopiedLink, Schedule } from './controllers/copied-link.ts';
import type { ModuleActions } from './controllers/module-actions.ts';
import type { WhatIf } from './controllers/what-if.ts';
import type { SisoTrainingHub } from './training-hub.ts';

const text = (el: Element | null) => el!.textContent.replace(/\s+/g, ' ').trim();
/** A button that waits for the action under way: marked, and still focusable (not `disabled`). */
const waiting = (button: Element) => button.getAttribute('aria-disabled') === 'true' && !(button as HTMLButtonElement).disabled;

/** The hub's controllers, which the tests await instead of waiting for time to pass. */
const inside = (el: SisoTrainingHub) =>
  el as unknown as { whatIf: WhatIf; actions: ModuleActions; copiedLink: CopiedLink; data: { refreshAfterAction(): Promise<void> } };

/** A clock the test moves: what is scheduled runs only when `advance` passes its time. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run };
    timers.push(timer);
    return () => (timers = timers.filter((t) => t !== timer));
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.run();
  };
  return { schedule, advance };
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

/** Until the what-if's latest run (debounce and answer) has settled and rendered. */
async function whatIfSettled(el: SisoTrainingHub): Promise<void> {
  await el.updateComplete;
  await inside(el).whatIf.task.taskComplete.catch(() => undefined);
  await el.updateComplete;
}

/** Until the last action has settled and rendered. */
async function actionSettled(el: SisoTrainingHub): Promise<void> {
  await el.updateComplete;
  await inside(el).actions.task.taskComplete.catch(() => undefined);
  await el.updateComplete;
}

/** Ticks or unticks a what-if module by its title. */
function pick(el: SisoTrainingHub, title: string): void {
  const label = [...part(el, 'what-if-options')!.querySelectorAll('label')].find((l) => l.textContent.includes(title));
  label!.querySelector('input')!.click();
}

const picked = (el: SisoTrainingHub) =>
  [...part(el, 'what-if-options')!.querySelectorAll('label')].filter((l) => l.querySelector('input')!.checked).map((l) => text(l));

/** A real snapshot and simulation of a demo partner, for clients the test drives. */
async function real(partner: string): Promise<{ snapshot: TrainingSnapshot; simulation: Simulation }> {
  const client = new TrainingClient({ apiBase, token: await tokenFor(partner) });
  const snapshot = await client.getTraining();
  const open = snapshot.modules.find((m) => m.progress.status !== 'completed')!;
  return { snapshot, simulation: await client.simulate({ complete: [open.id] }) };
}

const completed = (s: TrainingSnapshot, moduleId: string): TrainingSnapshot => ({
  ...s,
  modules: s.modules.map((m) =>
    m.id === moduleId ? { ...m, progress: { ...m.progress, status: 'completed' as const, percent: 100 } } : m,
  ),
});

async function hub(partner: string, locale = 'en') {
  const token = await tokenFor(partner);
  const el = await fixture<SisoTrainingHub>(
    html`<siso-training-hub api-base=${apiBase} token=${token} locale=${locale}></siso-training-hub>`,
  );
  await loaded(el, 'catalog');
  return el;
}

describe('<siso-training-hub>', () => {
  // The SDK shares one stream per partner and page. This test's client owns the connection it
  // cuts wherever the test runs: the elements of earlier tests have left the page (fixture
  // cleanup), and a store nobody listens to no longer serves its partner.
  it('after "Mark as done" while its stream is down, reconnects at once instead of waiting out the backoff', async () => {
    const net = cuttableFetch();
    const client = new TrainingClient({ apiBase, token: await tokenFor('fabrikam'), fetch: net.fetch });
    // A backoff of 5–10 minutes: within the test, only the reconnect the action asks for can bring
    // the change, however slow the machine.
    liveStore(client, { backoff: { initial: 600_000, max: 600_000 } });
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub .client=${client} locale="en"></siso-training-hub>`);
    await loaded(el, 'catalog');
    const status = () => text(part(el, 'status'));
    const row = () => parts(el, 'module').find((m) => m.textContent.includes('Co-Marketing Playbook'))!;
    net.cutAndHold();
    await waitUntil(() => status().startsWith('Reconnecting'), 'no reconnecting notice', { timeout: 5000 });
    net.release(); // the network is back; the SDK sits in its backoff
    const streams = net.streamRequests.length;
    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await actionSettled(el);
    await waitUntil(() => row().part.contains('module-completed'), 'the completion did not show', { timeout: 8000 });
    await waitUntil(() => status() === '', 'not live again', { timeout: 8000 });
    expect(net.streamRequests.length).to.equal(streams + 1);
    // Resumed where it left off: the completion arrived as an event, not as a new snapshot.
    expect(net.streamRequests.at(-1)!.get('last-event-id')).to.match(/^\d+$/);
  });

  it('renders recommendations with reasons, the catalog, certificates, tiers and history; passes axe', async () => {
    const el = await hub('contoso');
    // The renewal comes first: it keeps Gold.
    const first = part(el, 'recommendation')!;
    expect(text(first.querySelector('[part~="module-title"]'))).to.equal('Architecture Deep Dive');
    expect(text(first.querySelector('[part~="reasons"]'))).to.match(
      /^Renews SISO Certified Solution Architect by .+, keeps Gold and 4 points$/,
    );
    expect(text(first)).to.contain('keeps 4 points');
    expect(parts(el, 'module')).to.have.length(15);
    expect(parts(el, 'module-completed')).to.have.length(9);
    expect(text(part(el, 'locked'))).to.contain('Needs Implementation Methodology first');
    // Only certifications never held show module progress; Implementation Methodology is in progress, so 0 count.
    expect(parts(el, 'certification').map((c) => [...c.querySelectorAll('.row > span')].map(text))).to.deep.equal([
      ['SISO Certified Implementation Specialist', '0 of 3 required modules'],
    ]);
    expect(part(el, 'certification')!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('0');
    const tiers = parts(el, 'tier-info');
    expect(tiers.map((t) => t.part.contains('tier-current'))).to.deep.equal([false, false, true, false]);
    expect(text(tiers[2]!)).to.contain('1 active advanced certification');
    expect(part(el, 'history')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows what is at stake with its renewal path, and certificates, before the catalog; the score; history with times', async () => {
    const el = await hub('contoso');
    const stake = part(el, 'stake')!;
    expect(text(stake)).to.match(
      /SISO Certified Solution Architect expires .+\. Renew by then to keep Gold and 21% \(−4 points, ≈ −\u2060\$50,000 a year\)/,
    );
    expect(text(stake)).to.contain('Gold at 21% → Silver at 17%');
    expect(text(stake)).to.contain('Act by');
    const path = [...stake.querySelectorAll('[part~="path-module"]')];
    expect(path.map((m) => text(m.querySelector('strong')))).to.deep.equal([
      'Architecture Deep Dive',
      'Integration Patterns',
      'Security and Compliance',
    ]);
    expect(path.map((m) => text(m.querySelector('[part~="chip"]')))).to.deep.equal(['Take again', 'Take again', 'Take again']);
    expect(path.every((m) => m.querySelector('[part~="launch-button"]'))).to.equal(true);
    expect(text(path[0]!)).to.contain('2 h left');

    const follows = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const catalog = part(el, 'catalog')!;
    expect(follows(part(el, 'at-stake')!, catalog)).to.equal(true);
    expect(follows(part(el, 'certificates')!, catalog)).to.equal(true);
    // Its certificate says what renewing still takes.
    const architect = parts(el, 'certificate').find((c) => c.textContent.includes('Solution Architect'))!;
    expect(text(architect.querySelector('[part~="certificate-status"]'))).to.equal('Expiring soon');
    expect(text(architect.querySelector('[part~="renewal"]'))).to.equal(
      'To renew, complete: Architecture Deep Dive, Integration Patterns, and Security and Compliance',
    );
    expect(
      parts(el, 'certificate')
        .find((c) => c.textContent.includes('Sales Foundation'))!
        .querySelector('[part~="renewal"]'),
    ).to.equal(null);

    expect(text(part(el, 'score'))).to.match(
      /^Partner score [\d.]+ — performance 72 \(50%\), training completed 60% \(30%\), assessment average [\d.]+ \(20%\)$/,
    );
    const entry = part(el, 'history-entry')!;
    expect(text(entry.querySelector('time'))).to.match(/\d{1,2}:\d{2}/);
    expect(text(entry)).to.contain('SISO Certified Solution Architect expires soon');
    await expect(el).to.be.accessible();
  });

  it('keeps what is at stake and the certificates above the catalog at 1280 and 390 px', async () => {
    const token = await tokenFor('contoso');
    for (const width of [1280, 390]) {
      const box = await fixture<HTMLDivElement>(
        html`<div style=${`width: ${width}px`}><siso-training-hub api-base=${apiBase} token=${token}></siso-training-hub></div>`,
      );
      const el = box.querySelector('siso-training-hub')!;
      await loaded(el, 'catalog');
      const top = (name: string) => part(el, name)!.getBoundingClientRect().top;
      expect(top('at-stake'), `${width} px`).to.be.below(top('catalog'));
      expect(top('certificates'), `${width} px`).to.be.below(top('catalog'));
    }
  });

  it('gives each certificate its way back: only what is still needed, nothing once renewed, a revoked one its modules; pending', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('contoso') }).getTraining();
    const architect = real.certificates.find((c) => c.certificationId === 'solution-architect')!;
    const foundation = real.certificates.find((c) => c.certificationId === 'sales-foundation')!;
    const day = 86_400_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const snapshot = {
      ...real,
      certificates: [
        // Revoked: its modules were passed before it was issued, so all three count again only once passed again.
        { ...architect, status: 'revoked' as const, revokedAt: at(Date.now() - day) },
        // An older Sales Foundation certificate, expired and since renewed by the active one.
        {
          ...foundation,
          id: 'old-foundation',
          issuedAt: at(Date.parse(foundation.issuedAt) - 800 * day),
          expiresAt: at(Date.parse(foundation.issuedAt) - 70 * day),
          status: 'expired' as const,
        },
        foundation,
        { ...foundation, id: 'next-foundation', issuedAt: at(Date.now() + 30 * day), status: 'pending' as const },
      ],
      evaluation: {
        ...real.evaluation,
        // A renewal that takes a self-paced module done before: "Mark as done" again.
        atStake: [
          {
            ...real.evaluation.atStake[0]!,
            renewal: { modules: [{ moduleId: 'negotiation-skills', code: 'path.retake', hours: 1 }], hours: 1, available: true },
          },
        ],
      },
    };
    const client = { getTraining: async () => snapshot } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const certs = parts(el, 'certificate');
    expect(certs.map((c) => text(c.querySelector('[part~="certificate-status"]')))).to.deep.equal([
      'Revoked',
      'Expired',
      'Active',
      'Not yet valid',
    ]);
    expect(text(certs[0]!.querySelector('[part~="renewal"]'))).to.equal(
      'To earn it again, complete: Architecture Deep Dive, Integration Patterns, and Security and Compliance',
    );
    expect(certs.slice(1).map((c) => c.querySelector('[part~="renewal"]'))).to.deep.equal([null, null, null]);
    expect(text(certs[3]!)).to.contain('Valid from');
    // Not "3 of 3 required modules" for the revoked one: a certification with a certificate is not listed again.
    expect(parts(el, 'certification').map((c) => text(c.querySelector('span')))).to.deep.equal([
      'SISO Certified Implementation Specialist',
    ]);
    const retake = part(el, 'path-module')!;
    expect(text(retake.querySelector('strong'))).to.equal('Negotiation Skills');
    expect(retake.querySelector('[part~="complete-button"]')).to.exist;
  });

  it('filters the catalog by category, status and search', async () => {
    const el = await hub('contoso');
    const select = (name: string, value: string) => {
      const s = part(el, name) as unknown as HTMLSelectElement;
      s.value = value;
      s.dispatchEvent(new Event('change'));
    };
    select('category-filter', 'advanced');
    await el.updateComplete;
    expect(parts(el, 'module')).to.have.length(6);
    select('status-filter', 'completed');
    await el.updateComplete;
    expect(parts(el, 'module').map((m) => text(m.querySelector('[part~="module-title"]')))).to.deep.equal([
      'Architecture Deep Dive',
      'Integration Patterns',
      'Security and Compliance',
    ]);
    select('category-filter', 'all');
    select('status-filter', 'all');
    const search = part(el, 'search') as HTMLInputElement;
    search.value = 'healthcare';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(parts(el, 'module')).to.have.length(1);
    search.value = 'no such module';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(parts(el, 'module')).to.have.length(0);
    expect(el.shadowRoot!.textContent).to.contain('No modules match these filters.');
  });

  it('fires a cancelable siso-launch and, only when not cancelled, opens a tab within the click and sends it to the launch link', async () => {
    const el = await hub('contoso');
    const opened: (string | URL | undefined)[] = [];
    const tab = { opener: window as unknown, location: { href: 'about:blank' }, close() {} };
    const open = window.open;
    window.open = (url) => (opened.push(url), tab as unknown as Window);
    try {
      const launches: CustomEvent[] = [];
      el.addEventListener('siso-launch', (e) => launches.push(e));
      el.addEventListener('siso-launch', (e) => e.preventDefault(), { once: true });
      const button = () => part(el, 'recommendation')!.querySelector<HTMLButtonElement>('[part~="launch-button"]')!;
      button().click();
      // Fired and answered synchronously, before the launch call: the click's user activation holds.
      const launch = launches[0]!;
      expect(launch.detail.moduleId).to.equal('architecture-deep-dive');
      expect(launch.cancelable).to.equal(true);
      expect(launch.composed).to.equal(true);
      expect(launch.detail.url).to.equal(launch.detail.module.material.url);
      expect(opened).to.deep.equal([]);
      await el.updateComplete;
      expect(waiting(button())).to.equal(true);
      await actionSettled(el);
      expect(waiting(button())).to.equal(false);
      button().click();
      expect(launches).to.have.length(2);
      expect(opened).to.deep.equal(['about:blank']);
      expect(tab.opener).to.equal(null);
      await actionSettled(el);
      // Sent to the launch link once the start is recorded.
      expect(tab.location.href).to.match(/^https?:/);
    } finally {
      window.open = open;
    }
  });

  it('completes a self module and shows the change without a reload', async () => {
    const el = await hub('fabrikam');
    const row = () => parts(el, 'module').find((m) => m.textContent.includes('Partner Program Essentials'))!;
    const done = oneEvent(el, 'siso-module-completed');
    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    expect((await done).detail.moduleId).to.equal('partner-program-essentials');
    await el.updateComplete;
    expect(row().part.contains('module-completed')).to.equal(true);
    expect(row().querySelector('[part~="complete-button"]')).to.equal(null);
  });

  it('shows what completing modules would change (what-if)', async () => {
    const el = await hub('northwind');
    for (const title of ['Pricing', 'Solution Selling', 'Customer Onboarding']) pick(el, title);
    await whatIfSettled(el);
    // All core modules bring the training bonus; Silver also needs six hours.
    expect(text(part(el, 'what-if-result'))).to.equal('Bronze at 10% → Bronze at 15% +5 points Earns SISO Sales Foundation');
  });

  it('asks once for a burst of picks, with the picks as they end', async () => {
    const { snapshot, simulation } = await real('northwind');
    const asked: string[][] = [];
    const client = {
      getTraining: async () => snapshot,
      simulate: async ({ complete }: { complete: string[] }) => (asked.push(complete), simulation),
    } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    pick(el, 'Pricing');
    await el.updateComplete;
    pick(el, 'Solution Selling');
    await el.updateComplete;
    pick(el, 'Pricing');
    await whatIfSettled(el);
    expect(asked).to.deep.equal([['solution-selling']]);
    expect(text(part(el, 'what-if-result'))).to.contain('→');
  });

  it('forgets the what-if of the partner before when its client changes, even an answer still on its way', async () => {
    const north = await real('northwind');
    const contoso = await real('contoso');
    const late = deferred<Simulation>();
    let calls = 0;
    const first = {
      getTraining: async () => north.snapshot,
      // The first pick is answered; the second answer arrives only after the client has changed.
      simulate: () => (calls++ === 0 ? Promise.resolve(north.simulation) : late.promise),
    } as unknown as TrainingClient;
    const second = { getTraining: async () => contoso.snapshot, simulate: async () => contoso.simulation } as unknown as TrainingClient;
    const errors: unknown[] = [];
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${first}></siso-training-hub>`);
    el.addEventListener('siso-error', (e) => errors.push(e.detail));
    await loaded(el, 'catalog');
    pick(el, 'Solution Selling');
    await whatIfSettled(el);
    expect(text(part(el, 'what-if-result'))).to.contain('→');
    pick(el, 'Pricing');
    await el.updateComplete;
    expect(inside(el).whatIf.task.status).to.equal(TaskStatus.PENDING);

    el.client = second;
    await el.updateComplete;
    await inside(el).data.refreshAfterAction();
    await el.updateComplete;
    expect(part(el, 'at-stake'), "contoso's training").to.exist;
    late.resolve(north.simulation);
    await whatIfSettled(el);
    expect(picked(el)).to.deep.equal([]);
    expect(text(part(el, 'what-if-result'))).to.equal('Pick at least one module.');
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('drops a picked module from the what-if once it is completed, and asks again without it', async () => {
    const { snapshot, simulation } = await real('northwind');
    let current = snapshot;
    const asked: string[][] = [];
    const client = {
      getTraining: async () => current,
      simulate: async ({ complete }: { complete: string[] }) => (asked.push(complete), simulation),
    } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    pick(el, 'Solution Selling');
    pick(el, 'Pricing');
    await whatIfSettled(el);
    expect(asked).to.deep.equal([['solution-selling', 'pricing-and-licensing']]);

    // The LMS reports Solution Selling completed: it is no longer a what-if.
    current = completed(snapshot, 'solution-selling');
    await inside(el).data.refreshAfterAction();
    await whatIfSettled(el);
    expect(picked(el)).to.deep.equal(['Pricing and Licensing']);
    expect([...part(el, 'what-if-options')!.querySelectorAll('label')].map(text)).not.to.include('Solution Selling');
    expect(asked).to.deep.equal([['solution-selling', 'pricing-and-licensing'], ['pricing-and-licensing']]);
    expect(text(part(el, 'what-if-result'))).to.contain('→');

    // Its last pick completed too: nothing is picked, nothing is asked.
    current = completed(current, 'pricing-and-licensing');
    await inside(el).data.refreshAfterAction();
    await whatIfSettled(el);
    expect(picked(el)).to.deep.equal([]);
    expect(asked).to.have.length(2);
    expect(text(part(el, 'what-if-result'))).to.equal('Pick at least one module.');
  });

  it('runs "Mark as done" as a task: buttons wait while it is under way, a failure says so and fires siso-error, a retry succeeds', async () => {
    const { snapshot } = await real('fabrikam');
    const target = snapshot.modules.find(
      (m) => m.completion === 'self' && m.progress.status !== 'completed' && !snapshot.locked.some((l) => l.moduleId === m.id),
    )!;
    let current = snapshot;
    const answers: ReturnType<typeof deferred<unknown>>[] = [];
    const client = {
      getTraining: async () => current,
      completeModule: () => {
        const answer = deferred<unknown>();
        answers.push(answer);
        return answer.promise;
      },
    } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const row = () => parts(el, 'module').find((m) => text(m.querySelector('[part~="module-title"]')) === target.title)!;
    const errors: { action: string }[] = [];
    el.addEventListener('siso-error', (e) => errors.push(e.detail));

    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await el.updateComplete;
    expect(inside(el).actions.task.status).to.equal(TaskStatus.PENDING);
    // One action at a time: every action button waits.
    expect(
      parts(el, 'button')
        .filter((b) => b.matches('[part~="launch-button"], [part~="complete-button"]'))
        .every(waiting),
    ).to.equal(true);
    // …and clicking one meanwhile does nothing.
    part(el, 'launch-button')!.click();
    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await el.updateComplete;
    expect(answers).to.have.length(1);
    expect(text(part(el, 'action-error'))).to.equal('');

    answers[0]!.reject(new Error('refused'));
    await actionSettled(el);
    expect(inside(el).actions.task.status).to.equal(TaskStatus.ERROR);
    expect(text(part(el, 'action-error'))).to.equal('That did not work. Please try again.');
    expect(errors.map((e) => e.action)).to.deep.equal(['complete']);
    expect(waiting(row().querySelector('[part~="complete-button"]')!)).to.equal(false);
    await expect(el).to.be.accessible();

    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await el.updateComplete;
    expect(text(part(el, 'action-error'))).to.equal('');
    current = completed(snapshot, target.id);
    answers[1]!.resolve({});
    await actionSettled(el);
    expect(inside(el).actions.task.status).to.equal(TaskStatus.COMPLETE);
    expect(row().part.contains('module-completed')).to.equal(true);
    expect(errors).to.have.length(1);
  });

  it('forgets a failed or pending action when its client comes to name another partner', async () => {
    const fabrikam = await real('fabrikam');
    const north = await real('northwind');
    let current = fabrikam.snapshot;
    const answers: ReturnType<typeof deferred<unknown>>[] = [];
    // One client whose token now names someone else (a token provider's next token, say).
    const client = {
      getTraining: async () => current,
      completeModule: () => {
        const answer = deferred<unknown>();
        answers.push(answer);
        return answer.promise;
      },
    } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const told: string[] = [];
    for (const name of ['siso-tier-changed', 'siso-module-completed'] as const) el.addEventListener(name, () => told.push(name));
    const completeButton = () => part(el, 'complete-button') as HTMLButtonElement;
    completeButton().click();
    await el.updateComplete;
    answers[0]!.reject(new Error('refused'));
    await actionSettled(el);
    expect(text(part(el, 'action-error'))).to.equal('That did not work. Please try again.');
    completeButton().click();
    await el.updateComplete;
    expect(waiting(completeButton())).to.equal(true);

    current = north.snapshot;
    await inside(el).data.refreshAfterAction();
    await el.updateComplete;
    expect(text(part(el, 'action-error'))).to.equal('');
    expect(waiting(completeButton())).to.equal(false);
    // The answer for the partner before arrives: nothing of it shows.
    answers[1]!.resolve({});
    await actionSettled(el);
    expect([inside(el).actions.pending, inside(el).actions.failed]).to.deep.equal([undefined, false]);
    expect(text(part(el, 'action-error'))).to.equal('');
    // Someone else's training is not a change of this partner's: nothing to tell.
    expect(told).to.deep.equal([]);
  });

  it('shows each certificate with status, the renewal path, its printable page and a copy-link button', async () => {
    await lmsExpiredCertificate('fabrikam', 'solution-architect');
    const el = await hub('fabrikam');
    const cert = parts(el, 'certificate').find((c) => c.textContent.includes('Solution Architect'))!;
    expect(text(cert.querySelector('[part~="certificate-status"]'))).to.equal('Expired');
    expect(text(cert.querySelector('[part~="renewal"]'))).to.equal(
      'To renew, complete: Architecture Deep Dive, Integration Patterns, and Security and Compliance',
    );
    const link = cert.querySelector<HTMLAnchorElement>('[part~="verify-link"]')!;
    expect(link.href).to.match(/\/certificates\/[0-9a-f-]{36}$/);
    expect(link.target).to.equal('_blank');
    expect(cert.querySelector('[part~="copy-link-button"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says "Link copied" in a live region, and goes back to "Copy" after three seconds', async () => {
    const el = await hub('contoso');
    const clock = manualClock();
    inside(el).copiedLink.schedule = clock.schedule;
    const copiedText: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void copiedText.push(t) },
    });
    try {
      const cert = part(el, 'certificate')!;
      const button = cert.querySelector<HTMLButtonElement>('[part~="copy-link-button"]')!;
      const live = part(el, 'certificates')!.querySelector('[role="status"]')!;
      expect(text(live)).to.equal('');
      button.click();
      await waitUntil(() => text(live) === 'Link copied', 'no announcement');
      expect(copiedText).to.deep.equal([cert.querySelector<HTMLAnchorElement>('[part~="verify-link"]')!.href]);
      expect(text(button)).to.equal('Link copied');
      expect(button.getAttribute('aria-label')).to.equal(`Link copied: ${text(cert.querySelector('strong'))}`);
      clock.advance(2_999);
      await el.updateComplete;
      expect(text(live)).to.equal('Link copied');
      clock.advance(1);
      await el.updateComplete;
      expect(text(live)).to.equal('');
      expect(text(button)).to.equal('Copy verification link');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('links no certificate page that is not http(s)', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('contoso') }).getTraining();
    const snapshot = { ...real, certificates: real.certificates.map((c) => ({ ...c, verifyUrl: 'javascript:alert(1)' })) };
    const client = { getTraining: async () => snapshot } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    expect(parts(el, 'certificate').length).to.be.greaterThan(0);
    expect(parts(el, 'verify-link')).to.have.length(0);
    expect(parts(el, 'copy-link-button')).to.have.length(0);
  });

  it('fits a 320 px container without overflow', async () => {
    const token = await tokenFor('contoso');
    const box = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><siso-training-hub api-base=${apiBase} token=${token}></siso-training-hub></div>`,
    );
    const el = box.querySelector('siso-training-hub')!;
    await loaded(el, 'catalog');
    const right = box.getBoundingClientRect().right + 0.5;
    for (const node of el.shadowRoot!.querySelectorAll('*')) {
      expect(node.getBoundingClientRect().right, node.getAttribute('part') ?? node.tagName).to.be.at.most(right);
    }
  });

  it('holds the height of its view only while it loads: signed out, it is one line', async () => {
    // The CMS token URL answers 401 without the CMS session cookie, after the first render.
    const el = await fixture<SisoTrainingHub>(
      html`<siso-training-hub api-base=${apiBase} token-url=${`${apiBase}/demo/cms/widget-token`}></siso-training-hub>`,
    );
    expect(el.matches(':state(loading)')).to.equal(true);
    expect(el.getBoundingClientRect().height).to.be.at.least(640);
    await waitUntil(() => part(el, 'signed-out'));
    expect(el.matches(':state(loading)')).to.equal(false);
    expect(el.getBoundingClientRect().height).to.be.below(300);
  });
});
