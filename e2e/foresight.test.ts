// Foresight end to end, in Chromium: a partner earns a certificate that holds their tier; as its
// end nears, the dashboard card warns with the money at stake and the hub shows how to renew; it
// ends and the tier is held through grace; the partner renews and the warning clears. Two pages
// stay open all along (the dashboard and the training page) and must equal a page loaded afresh
// after every step. Time is the server's clock, moved by the test, and the sweep runs at once.
// With SISO_SCREENSHOTS set (`npm run screenshots`) it also photographs each step for the README.
import { mkdirSync } from 'node:fs';
import { ServiceClient, type IngestEvent } from '@siso/training-sdk/server';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { ManualClock, startTestServer, type TestServer } from '../server/test/support/test-server.ts';
import { missingRequirement } from '../test-support/requirements.ts';

const mode = hasChromium()
  ? 'run'
  : missingRequirement('Chromium', `install it with "apt-get install -y chromium" (looked for ${chromiumPath()})`);
const screenshots = process.env.SISO_SCREENSHOTS ? new URL('../docs/screenshots/', import.meta.url) : undefined;

const DAY = 86_400_000;
const PARTNER = 'northwind';
const CORE = ['solution-selling', 'pricing-and-licensing', 'customer-onboarding'];
const SA = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];

describe.skipIf(mode === 'skip')('foresight, end to end', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let browser: Browser;
  let lms: ServiceClient;
  let seq = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({}, { clock }),
      chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs }),
    ]);
    lms = new ServiceClient({ apiBase: server.url, key: server.demo!.trainingKey, signingSecret: server.demo!.signingSecret, clock });
    if (screenshots) mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The training system reports modules passed, dated by the server's clock. */
  async function complete(modules: string[]): Promise<void> {
    const events: IngestEvent[] = modules.map((moduleId) => ({
      id: `e2e-fs-${(seq += 1)}`,
      type: 'module.completed',
      partnerId: PARTNER,
      moduleId,
      score: 90,
      timeSpentSeconds: 5_400,
      occurredAt: clock.now().toISOString(),
    }));
    expect((await lms.sendIngestEvents(events)).applied).toBe(modules.length);
  }

  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  const card = (page: Page): Locator => page.locator('#dashboard-progress');
  const hub = (page: Page): Locator => page.locator('#hub');
  /** What the card and the hub say of what is at stake ('' when nothing is). */
  const cardStake = async (page: Page) =>
    (await card(page).locator('[part~="at-stake"]').count()) === 0
      ? ''
      : ((await card(page).locator('[part~="at-stake"]').textContent()) ?? '').trim();
  const hubStakes = async (page: Page) =>
    (await hub(page).locator('[part~="stake"]').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

  /** The open pages show what pages loaded now show, once their live updates have arrived. */
  async function sameAsFresh(dashboard: Page, training: Page): Promise<{ stake: string; stakes: string[] }> {
    const freshDashboard = await open(`/?partner=${PARTNER}`);
    const freshTraining = await open(`/?partner=${PARTNER}#/training`);
    await card(freshDashboard.page).locator('[part~="percent"]').waitFor();
    await hub(freshTraining.page).locator('[part~="catalog"]').waitFor();
    const stake = await cardStake(freshDashboard.page);
    const stakes = await hubStakes(freshTraining.page);
    await expect.poll(() => cardStake(dashboard)).toBe(stake);
    await expect.poll(() => hubStakes(training)).toEqual(stakes);
    const tier = (p: Page) => card(p).locator('[part~="tier-badge"]').textContent();
    expect(await tier(dashboard)).toBe(await tier(freshDashboard.page));
    const certificates = (p: Page) => hub(p).locator('[part~="certificate-status"]').allTextContents();
    expect(await certificates(training)).toEqual(await certificates(freshTraining.page));
    expect([...freshDashboard.problems, ...freshTraining.problems]).toEqual([]);
    await Promise.all([freshDashboard.page.close(), freshTraining.page.close()]);
    return { stake, stakes };
  }

  async function photograph(page: Page, target: Locator, name: string): Promise<void> {
    if (!screenshots) return;
    await page.evaluate(() => document.fonts.ready);
    await target.screenshot({ path: new URL(`${name}.png`, screenshots).pathname, animations: 'disabled' });
  }

  it('warns with the money at stake, holds the tier through grace, and clears once renewed', async () => {
    const dashboard = await open(`/?partner=${PARTNER}`);
    const training = await open(`/?partner=${PARTNER}#/training`);
    await card(dashboard.page).locator('[part~="percent"]').waitFor();
    await hub(training.page).locator('[part~="catalog"]').waitFor();

    // Earned: every core module and the Solution Architect certificate (performance 64): Gold.
    await complete([...CORE, ...SA]);
    await expect.poll(() => card(dashboard.page).locator('[part~="tier-badge"]').textContent()).toMatch(/Gold/);
    expect(await cardStake(dashboard.page)).toBe('');
    const issued = clock.now().getTime();

    // Its end comes within the warning window: the card says what it would cost and until when.
    const end = new Date(issued);
    end.setUTCMonth(end.getUTCMonth() + 24);
    clock.set(new Date(end.getTime() - 30 * DAY));
    await server.sweep();
    const warned = await sameAsFresh(dashboard.page, training.page);
    expect(warned.stake).toMatch(/SISO Certified Solution Architect expires .+ Renew by then to keep Gold and 21%/);
    expect(warned.stake).toMatch(/4 points/);
    expect(warned.stake).toMatch(/19,200/);
    expect(warned.stake).toMatch(/3 modules, 5 h/);
    expect(warned.stakes).toHaveLength(1);
    for (const title of ['Architecture Deep Dive', 'Integration Patterns', 'Security and Compliance'])
      expect(warned.stakes[0]).toContain(title);
    await expect
      .poll(() => card(dashboard.page).locator('[part~="next-step"]').textContent())
      .toMatch(/Renew SISO Certified Solution Architect/);
    await photograph(dashboard.page, card(dashboard.page), 'foresight-warning');
    await photograph(training.page, hub(training.page).locator('[part~="at-stake"]').first(), 'foresight-hub');

    // The way into the hub: a cancelable request first, then the link.
    await card(dashboard.page).locator('[part~="at-stake-action"]').click();
    await expect.poll(() => dashboard.page.url()).toContain('#/training');
    await dashboard.page.goBack();

    // It ends: Gold is held through the grace period, and the card says until when.
    clock.set(new Date(end.getTime() + 1_000));
    await server.sweep();
    const grace = await sameAsFresh(dashboard.page, training.page);
    // Sales Foundation ended at the same moment, but no tier needs it: the warning is about the one Gold does.
    expect(grace.stake).toMatch(/SISO Certified Solution Architect expired .+ Gold is held until/);
    expect(await hub(training.page).locator('[part~="certificate-status"]').allTextContents()).toContain('Expired');
    await photograph(dashboard.page, card(dashboard.page), 'foresight-grace');

    // Renewed: the three modules passed again. The warning clears on both open pages.
    await complete(SA);
    const renewed = await sameAsFresh(dashboard.page, training.page);
    expect(renewed).toEqual({ stake: '', stakes: [] });
    expect(await card(dashboard.page).locator('[part~="tier-badge"]').textContent()).toMatch(/Gold/);
    await photograph(dashboard.page, card(dashboard.page), 'foresight-renewed');

    expect([...dashboard.problems, ...training.problems]).toEqual([]);
  });
});
