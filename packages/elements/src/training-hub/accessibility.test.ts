import { expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { loaded, part, parts } from '../../../../test-support/elements.ts';
import '../define.ts';
import '../locales/de.ts';
import { TrainingClient, type TrainingSnapshot } from '@siso/training-sdk';
import type { ModuleActions } from './controllers/module-actions.ts';
import type { SisoTrainingHub } from './training-hub.ts';

const controls = 'a[href], button, input, select, textarea';

/** The focused element, through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Which control or heading it is, for assertions that read well when they fail. */
function describeEl(el: Element | null): string {
  if (!el) return 'nothing';
  const name = el.getAttribute('aria-label') ?? el.textContent.replace(/\s+/g, ' ').trim();
  return `${el.tagName.toLowerCase()} "${name}"`;
}

const press = (key: string) => sendKeys({ press: key });

/** Presses Tab until `wanted` has focus (at most `limit` times). */
async function tabTo(wanted: Element, limit = 200): Promise<void> {
  for (let i = 0; i < limit && focused() !== wanted; i++) await press('Tab');
  expect(describeEl(focused())).to.equal(describeEl(wanted));
}

/** Until the hub's action (and the reload after it) has settled and rendered. */
async function settled(el: SisoTrainingHub): Promise<void> {
  const actions = (el as unknown as { actions: ModuleActions }).actions;
  await el.updateComplete;
  await actions.task.taskComplete.catch(() => undefined);
  await el.updateComplete;
}

/**
 * Northwind's real training, recommending two self-paced modules only, from a client that marks
 * modules done as the server would (the module completed, its recommendation gone). It answers an
 * action when the test calls `answer()`, so the test sees the action under way.
 */
async function scripted(): Promise<{ client: TrainingClient; titles: string[]; answer: () => void }> {
  const real = await new TrainingClient({ apiBase, token: await tokenFor('northwind') }).getTraining();
  const self = real.modules.filter(
    (m) => m.completion === 'self' && m.progress.status !== 'completed' && !real.locked.some((l) => l.moduleId === m.id),
  );
  expect(self.length, 'self-paced modules to mark done').to.be.at.least(2);
  const template = real.recommendations[0]!;
  let answers = 0;
  const waiting: (() => void)[] = [];
  const answered = () => (answers > 0 ? (answers--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const answer = () => {
    const next = waiting.shift();
    if (next) next();
    else answers++;
  };
  let current: TrainingSnapshot = {
    ...real,
    evaluation: { ...real.evaluation, atStake: [] },
    recommendations: self.slice(0, 2).map((m) => ({ ...template, moduleId: m.id })),
  };
  const client = {
    getTraining: async () => current,
    launchModule: async (id: string) => {
      await answered();
      return { url: real.modules.find((m) => m.id === id)!.material.url };
    },
    completeModule: async (id: string) => {
      await answered();
      current = {
        ...current,
        modules: current.modules.map((m) =>
          m.id === id ? { ...m, progress: { ...m.progress, status: 'completed' as const, percent: 100 } } : m,
        ),
        recommendations: current.recommendations.filter((r) => r.moduleId !== id),
      };
      return {};
    },
  } as unknown as TrainingClient;
  return { client, titles: self.slice(0, 2).map((m) => m.title), answer };
}

describe('<siso-training-hub> by keyboard and screen reader', () => {
  it('is one tab stop per control, in reading order, from the page into the hub', async () => {
    const { client } = await scripted();
    const page = await fixture<HTMLDivElement>(
      html`<div><button>Before</button><siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub></div>`,
    );
    const el = page.querySelector('siso-training-hub')!;
    await loaded(el, 'catalog');
    page.querySelector('button')!.focus();
    const expected = [...el.shadowRoot!.querySelectorAll(controls)].map(describeEl);
    const visited: string[] = [];
    while (visited.length < expected.length) {
      await press('Tab');
      visited.push(describeEl(focused()));
    }
    expect(visited).to.deep.equal(expected);
  });

  it('after "Mark as done" takes a recommendation away, focuses the next one, then the list heading', async () => {
    const { client, titles, answer } = await scripted();
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const done = (title: string) =>
      parts(el, 'recommendation')
        .map((r) => r.querySelector(`[part~="complete-button"][aria-label="Mark as done: ${title}"]`))
        .find(Boolean)!;
    part(el, 'title')!.tabIndex = -1;
    part(el, 'title')!.focus();
    await tabTo(done(titles[0]!));
    await press('Enter');
    // While it is under way the button waits, and keeps focus.
    await el.updateComplete;
    expect(focused()?.getAttribute('aria-disabled')).to.equal('true');
    answer();
    await settled(el);
    expect(describeEl(focused())).to.equal(`button "Mark as done: ${titles[1]}"`);

    await press(' ');
    answer();
    await settled(el);
    expect(parts(el, 'recommendation')).to.have.length(0);
    expect(describeEl(focused())).to.equal('h3 "Recommended for you"');
    // From the heading, Tab goes on to what follows it.
    await press('Tab');
    expect(focused()).to.equal(part(el, 'search'));
  });

  it('keeps focus on "Open" while the launch is under way', async () => {
    const { client, answer } = await scripted();
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    // The host routes in-app: no tab opens.
    el.addEventListener('siso-launch', (e) => e.preventDefault());
    const open = part(el, 'launch-button')!;
    open.focus();
    await press('Enter');
    await el.updateComplete;
    expect(open.getAttribute('aria-disabled')).to.equal('true');
    expect(focused()).to.equal(open);
    answer();
    await settled(el);
    expect(open.getAttribute('aria-disabled')).to.equal('false');
    expect(focused()).to.equal(open);
  });

  it('after a module leaves a filtered catalog, focuses the next module', async () => {
    const { client, answer } = await scripted();
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const status = part(el, 'status-filter') as HTMLSelectElement;
    status.focus();
    // "Not started" by keyboard: the option after "All".
    await press('ArrowDown');
    await el.updateComplete;
    expect(status.value).to.equal('not_started');
    const rows = parts(el, 'module');
    const index = rows.findIndex((r) => r.querySelector('[part~="complete-button"]'));
    const button = rows[index]!.querySelector<HTMLElement>('[part~="complete-button"]')!;
    const next = rows[index + 1]!.querySelector<HTMLElement>(controls)!;
    await tabTo(button);
    await press('Enter');
    answer();
    await settled(el);
    expect(rows[index]!.isConnected).to.equal(false);
    expect(describeEl(focused())).to.equal(describeEl(next));
  });

  it('after "Try again" brings the training in, focuses the heading', async () => {
    const real = await new TrainingClient({ apiBase, token: await tokenFor('northwind') }).getTraining();
    let calls = 0;
    const client = {
      getTraining: async () => {
        if (calls++ === 0) throw new TypeError('Failed to fetch');
        return real;
      },
    } as unknown as TrainingClient;
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub live="false" locale="en" .client=${client}></siso-training-hub>`);
    await loaded(el, 'catalog');
    const retry = part(el, 'retry-button')!;
    retry.focus();
    await press('Enter');
    await loaded(el, 'catalog');
    expect(describeEl(focused())).to.equal('h2 "Training hub"');
  });

  it('names every control without stray spaces, and keeps decorative bullets from screen readers', async () => {
    const el = await fixture<SisoTrainingHub>(
      html`<siso-training-hub api-base=${apiBase} token=${await tokenFor('contoso')} locale="en"></siso-training-hub>`,
    );
    await loaded(el, 'catalog');
    type Node = { role: string; name: string; children?: Node[] };
    const nodes: Node[] = [];
    const walk = (node: Node) => {
      nodes.push(node);
      node.children?.forEach(walk);
    };
    walk((await a11ySnapshot({})) as unknown as Node);
    const names = nodes.filter((n) => ['button', 'link'].includes(n.role)).map((n) => n.name);
    expect(names).to.include('Continue: Implementation Methodology');
    expect(names).to.include('Copy verification link: SISO Sales Foundation');
    expect(names.filter((n) => /\s[:,.]|\s\s|^\s|\s$/.test(n))).to.deep.equal([]);
    // What a screen reader reads: the reasons and the lines between "·" — not the "·".
    expect(nodes.map((n) => n.name).filter((n) => n.includes('·'))).to.deep.equal([]);
    expect(nodes.some((n) => n.name === 'Strengthens Elective')).to.equal(true);
  });

  it('passes axe in German and dark', async () => {
    const el = await fixture<SisoTrainingHub>(
      html`<siso-training-hub api-base=${apiBase} token=${await tokenFor('contoso')} locale="de" theme="dark"></siso-training-hub>`,
    );
    await loaded(el, 'catalog');
    expect(part(el, 'title')!.textContent).to.equal('Schulungszentrum');
    await expect(el).to.be.accessible();
  });
});
