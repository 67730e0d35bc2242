import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { loaded } from '../../../../test-support/elements.ts';
import '../define.ts';
import { TrainingClient, type SubscribeHandlers, type TrainingSnapshot } from '@siso/training-sdk';
import type { SisoTrainingHub } from '../training-hub/training-hub.ts';
import type { SisoTrainingProgress } from '../training-progress/training-progress.ts';

type Told = { type: string; detail: string; target: string };

/** Every page-level event that reaches `document`, in order, with the element that fired it; `next` waits for one (or finds it heard already). */
function hear(): { told: Told[]; stop(): void; next(predicate: (t: Told) => boolean): Promise<void> } {
  const told: Told[] = [];
  const waiting = new Set<{ predicate: (t: Told) => boolean; resolve(): void }>();
  const listener = (e: Event) => {
    const { detail } = e as CustomEvent<{ moduleId?: string; from?: string; to?: string }>;
    const entry = { type: e.type, detail: detail.moduleId ?? `${detail.from}→${detail.to}`, target: (e.target as HTMLElement).id };
    told.push(entry);
    for (const w of waiting) if (w.predicate(entry)) (waiting.delete(w), w.resolve());
  };
  for (const type of ['siso-module-completed', 'siso-tier-changed']) document.addEventListener(type, listener);
  return {
    told,
    stop: () => ['siso-module-completed', 'siso-tier-changed'].forEach((type) => document.removeEventListener(type, listener)),
    next: (predicate) => new Promise<void>((resolve) => (told.some(predicate) ? resolve() : waiting.add({ predicate, resolve }))),
  };
}

/**
 * A client for a partner whose stream the test drives: `send(snapshot)` is the server sending a
 * snapshot. A fresh apiBase per test, as the SDK shares a stream per apiBase and partner page-wide.
 */
function streamed(apiBase: string, partner: string) {
  let handlers: SubscribeHandlers | undefined;
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  const client = {
    apiBase,
    partnerId: async () => partner,
    subscribe(h: SubscribeHandlers) {
      handlers = h;
      h.onStateChange?.('live');
      opened();
      return { state: 'live', lastSeq: undefined, reconnect() {}, close() {} };
    },
  } as unknown as TrainingClient;
  return { client, open, send: (s: TrainingSnapshot) => handlers!.onSnapshot!(s) };
}

const completed = (s: TrainingSnapshot, moduleId: string, cursor: number): TrainingSnapshot => ({
  ...s,
  cursor,
  modules: s.modules.map((m) =>
    m.id === moduleId ? { ...m, progress: { ...m.progress, status: 'completed' as const, percent: 100 } } : m,
  ),
});

describe('page-level events', () => {
  let heard: ReturnType<typeof hear>;
  beforeEach(() => (heard = hear()));
  afterEach(() => heard.stop());

  it('are heard once per change on document, from the first connected element, however many show the partner', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('northwind') }).getTraining();
    const base = `https://page-events-${crypto.randomUUID()}.test`;
    // Two clients for one partner: their live stores share one stream and one state.
    const first = streamed(base, 'northwind');
    const second = streamed(base, 'northwind');
    const page = await fixture<HTMLDivElement>(html`<div>
      <siso-training-progress id="card" .client=${first.client}></siso-training-progress>
      <siso-training-hub id="hub" .client=${first.client}></siso-training-hub>
      <siso-training-progress id="other-card" .client=${second.client}></siso-training-progress>
    </div>`);
    await first.open;
    first.send(real);
    const [card, hub, other] = ['card', 'hub', 'other-card'].map((id) =>
      page.querySelector<SisoTrainingProgress | SisoTrainingHub>(`#${id}`)!,
    );
    await Promise.all([loaded(card!), loaded(hub!, 'catalog'), loaded(other!)]);

    // Solution Selling completed, and with it a new tier.
    const promoted = completed({ ...real, evaluation: { ...real.evaluation, tier: 'silver' } }, 'solution-selling', real.cursor + 1);
    first.send(promoted);
    // A later change is the marker: had anything been told twice, it would be heard before it.
    first.send(completed(promoted, 'pricing-and-licensing', real.cursor + 2));
    await heard.next((t) => t.detail === 'pricing-and-licensing');
    expect(heard.told).to.deep.equal([
      { type: 'siso-module-completed', detail: 'solution-selling', target: 'card' },
      { type: 'siso-tier-changed', detail: 'bronze→silver', target: 'card' },
      { type: 'siso-module-completed', detail: 'pricing-and-licensing', target: 'card' },
    ]);
    // Each element still shows the change.
    await Promise.all([card, hub, other].map((el) => el!.updateComplete));
    expect(card!.shadowRoot!.querySelector('[part~="tier-badge"]')!.textContent).to.equal('Silver tier');
    expect(other!.shadowRoot!.querySelector('[part~="tier-badge"]')!.textContent).to.equal('Silver tier');

    // The first element leaves the page: the next one tells.
    card!.remove();
    first.send(completed(promoted, 'customer-onboarding', real.cursor + 3));
    await heard.next((t) => t.detail === 'customer-onboarding');
    expect(heard.told.slice(3)).to.deep.equal([{ type: 'siso-module-completed', detail: 'customer-onboarding', target: 'hub' }]);
  });

  it('are heard once when elements that load once share a client and one reloads', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('northwind') }).getTraining();
    let current = real;
    const client = { getTraining: async () => current } as unknown as TrainingClient;
    const page = await fixture<HTMLDivElement>(html`<div>
      <siso-training-progress id="card" live="false" .client=${client}></siso-training-progress>
      <siso-training-hub id="hub" live="false" .client=${client}></siso-training-hub>
    </div>`);
    const card = page.querySelector<SisoTrainingProgress>('#card')!;
    const hub = page.querySelector<SisoTrainingHub>('#hub')!;
    await Promise.all([loaded(card), loaded(hub, 'catalog')]);

    current = { ...real, evaluation: { ...real.evaluation, tier: 'silver' } };
    // The hub's action brings the change in: both elements show it, the page hears it once.
    await (hub as unknown as { data: { refreshAfterAction(): Promise<void> } }).data.refreshAfterAction();
    current = { ...real, evaluation: { ...real.evaluation, tier: 'gold' } };
    await (card as unknown as { data: { refreshAfterAction(): Promise<void> } }).data.refreshAfterAction();
    await heard.next((t) => t.detail === 'silver→gold');
    expect(heard.told).to.deep.equal([
      { type: 'siso-tier-changed', detail: 'bronze→silver', target: 'card' },
      { type: 'siso-tier-changed', detail: 'silver→gold', target: 'card' },
    ]);
    await hub.updateComplete;
    expect(hub.shadowRoot!.querySelector('[part~="tier-current"] strong')!.textContent).to.match(/^Gold/);
  });

  it('are heard once per module completed through the real API and its stream, by a card and a hub', async () => {
    const token = await tokenFor('fabrikam');
    const api = new TrainingClient({ apiBase, token });
    const before = await api.getTraining();
    // Self-paced modules no other suite completes for fabrikam.
    const taken = new Set(['partner-program-essentials', 'co-marketing-playbook']);
    const [a, b] = before.modules.filter((m) => m.completion === 'self' && m.progress.status !== 'completed' && !taken.has(m.id));
    expect(b, 'two self-paced modules fabrikam has not completed').to.exist;
    const page = await fixture<HTMLDivElement>(html`<div>
      <siso-training-progress id="card" api-base=${apiBase} .token=${token}></siso-training-progress>
      <siso-training-hub id="hub" api-base=${apiBase} .token=${token}></siso-training-hub>
    </div>`);
    const card = page.querySelector<SisoTrainingProgress>('#card')!;
    const hub = page.querySelector<SisoTrainingHub>('#hub')!;
    await Promise.all([loaded(card), loaded(hub, 'catalog')]);
    await api.completeModule(a!.id);
    await api.completeModule(b!.id);
    await heard.next((t) => t.detail === b!.id);
    expect(heard.told.filter((t) => t.type === 'siso-module-completed')).to.deep.equal([
      { type: 'siso-module-completed', detail: a!.id, target: 'card' },
      { type: 'siso-module-completed', detail: b!.id, target: 'card' },
    ]);
  });
});
