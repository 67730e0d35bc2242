import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { lmsExpiredCertificate, loaded, part, parts } from '../../../../test-support/elements.ts';
import { cuttableFetch } from '../../../../test-support/network.ts';
import '../define.ts';
import { liveStore, TrainingClient } from '@siso/training-sdk';
import type { SisoTrainingHub } from './training-hub.ts';

const text = (el: Element | null) => el!.textContent!.replace(/\s+/g, ' ').trim();

async function hub(partner: string, locale = 'en') {
  const token = await tokenFor(partner);
  const el = await fixture<SisoTrainingHub>(html`<siso-training-hub api-base=${apiBase} token=${token} locale=${locale}></siso-training-hub>`);
  await loaded(el, 'catalog');
  return el;
}

describe('<siso-training-hub>', () => {
  // First: the SDK shares one stream per partner and page, so only the first client for a
  // partner owns the connection this test cuts.
  it('after "Mark as done" while its stream is down, reconnects at once instead of waiting out the backoff', async () => {
    const net = cuttableFetch();
    const client = new TrainingClient({ apiBase, token: await tokenFor('fabrikam'), fetch: net.fetch });
    // A backoff of 5–10 s: the change can only show in time through the reconnect the action asks for.
    liveStore(client, { backoff: { initial: 10_000 } });
    const el = await fixture<SisoTrainingHub>(html`<siso-training-hub .client=${client} locale="en"></siso-training-hub>`);
    await loaded(el, 'catalog');
    const status = () => text(part(el, 'status'));
    const row = () => parts(el, 'module').find((m) => m.textContent!.includes('Co-Marketing Playbook'))!;
    net.cutAndHold();
    await waitUntil(() => status().startsWith('Reconnecting'), 'no reconnecting notice', { timeout: 5000 });
    net.release(); // the network is back; the SDK sits in its backoff
    const streams = net.streamRequests.length;
    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await waitUntil(() => row().part.contains('module-completed'), 'the completion did not show before the backoff ended', { timeout: 3000 });
    await waitUntil(() => status() === '', 'not live again', { timeout: 3000 });
    expect(net.streamRequests.length).to.equal(streams + 1);
    // Resumed where it left off: the completion arrived as an event, not as a new snapshot.
    expect(net.streamRequests.at(-1)!.get('last-event-id')).to.match(/^\d+$/);
  });

  it('renders recommendations with reasons, the catalog, certificates, tiers and history; passes axe', async () => {
    const el = await hub('contoso');
    const first = part(el, 'recommendation')!;
    expect(text(first.querySelector('[part~="module-title"]'))).to.equal('Integration Patterns');
    expect(text(first.querySelector('[part~="reasons"]'))).to.contain('1 module left for SISO Certified Solution Architect');
    expect(parts(el, 'module')).to.have.length(15);
    expect(parts(el, 'module-completed')).to.have.length(7);
    expect(text(part(el, 'locked'))).to.contain('Needs Implementation Methodology first');
    const architect = parts(el, 'certification').find((c) => c.textContent!.includes('Solution Architect'))!;
    expect(text(architect)).to.contain('1 of 3 required modules');
    expect(architect.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('33');
    const tiers = parts(el, 'tier-info');
    expect(tiers.map((t) => t.part.contains('tier-current'))).to.deep.equal([false, true, false, false]);
    expect(text(tiers[2]!)).to.contain('1 active advanced certification');
    expect(part(el, 'history')).to.exist;
    await expect(el).to.be.accessible();
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
    expect(parts(el, 'module').map((m) => text(m.querySelector('[part~="module-title"]')))).to.deep.equal(['Architecture Deep Dive']);
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
      expect(launch.detail.moduleId).to.equal('integration-patterns');
      expect(launch.cancelable).to.equal(true);
      expect(launch.composed).to.equal(true);
      expect(launch.detail.url).to.equal(launch.detail.module.material.url);
      expect(opened).to.deep.equal([]);
      await el.updateComplete;
      expect(button().disabled).to.equal(true);
      await waitUntil(() => !button().disabled, 'launch call did not finish');
      button().click();
      expect(launches).to.have.length(2);
      expect(opened).to.deep.equal(['about:blank']);
      expect(tab.opener).to.equal(null);
      await waitUntil(() => tab.location.href !== 'about:blank', 'the tab was not sent to the launch link');
      expect(tab.location.href).to.match(/^https?:/);
    } finally {
      window.open = open;
    }
  });

  it('completes a self module and shows the change without a reload', async () => {
    const el = await hub('fabrikam');
    const row = () => parts(el, 'module').find((m) => m.textContent!.includes('Partner Program Essentials'))!;
    const done = oneEvent(el, 'siso-module-completed');
    row().querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    expect((await done).detail.moduleId).to.equal('partner-program-essentials');
    await waitUntil(() => row().part.contains('module-completed'), 'module not shown completed');
    expect(row().querySelector('[part~="complete-button"]')).to.equal(null);
  });

  it('shows what completing modules would change (what-if)', async () => {
    const el = await hub('northwind');
    const options = part(el, 'what-if-options')!;
    for (const label of options.querySelectorAll('label')) {
      if (/Pricing|Solution Selling|Customer Onboarding/.test(label.textContent!)) label.querySelector('input')!.click();
    }
    await waitUntil(() => part(el, 'what-if-result')!.textContent!.includes('→'), 'no what-if result', { timeout: 5000 });
    // All core modules bring the training bonus; Silver also needs six hours.
    expect(text(part(el, 'what-if-result'))).to.equal('Bronze at 10% → Bronze at 15% +5 points Earns SISO Sales Foundation');
  });

  it('shows each certificate with status, the renewal path, its printable page and a copy-link button', async () => {
    await lmsExpiredCertificate('fabrikam', 'solution-architect');
    const el = await hub('fabrikam');
    const cert = parts(el, 'certificate').find((c) => c.textContent!.includes('Solution Architect'))!;
    expect(text(cert.querySelector('[part~="certificate-status"]'))).to.equal('Expired');
    expect(text(cert.querySelector('[part~="renewal"]'))).to.equal('To renew, retake: Architecture Deep Dive, Integration Patterns, Security and Compliance');
    const link = cert.querySelector<HTMLAnchorElement>('[part~="verify-link"]')!;
    expect(link.href).to.match(/\/certificates\/[0-9a-f-]{36}$/);
    expect(link.target).to.equal('_blank');
    expect(cert.querySelector('[part~="copy-link-button"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says "Link copied" in a live region, and goes back to "Copy" after a while', async () => {
    const el = await hub('contoso');
    const copiedText: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copiedText.push(t) } });
    try {
      const cert = part(el, 'certificate')!;
      const button = cert.querySelector<HTMLButtonElement>('[part~="copy-link-button"]')!;
      const live = part(el, 'certificates')!.querySelector('[role="status"]')!;
      expect(text(live)).to.equal('');
      button.click();
      await waitUntil(() => text(live) === 'Link copied', 'no announcement');
      expect(copiedText).to.deep.equal([cert.querySelector<HTMLAnchorElement>('[part~="verify-link"]')!.href]);
      expect(text(button)).to.match(/^Link copied/);
      await waitUntil(() => text(live) === '', 'the confirmation stayed', { timeout: 5000 });
      expect(text(button)).to.match(/^Copy verification link/);
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
    const box = await fixture<HTMLDivElement>(html`<div style="width: 320px"><siso-training-hub api-base=${apiBase} token=${token}></siso-training-hub></div>`);
    const el = box.querySelector('siso-training-hub')!;
    await loaded(el, 'catalog');
    const right = box.getBoundingClientRect().right + 0.5;
    for (const node of el.shadowRoot!.querySelectorAll('*')) {
      expect(node.getBoundingClientRect().right, node.getAttribute('part') ?? node.tagName).to.be.at.most(right);
    }
  });
});
