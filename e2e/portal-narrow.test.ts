// The demo partner portal (examples/partner-portal) as a first visitor meets it, in Chromium: on
// a phone (320 and 390 px) nothing runs off the page, the navigation row shows a cue while it
// hides an entry and reaches its last entry by keyboard, the header does not wrap inside a label,
// the current entry keeps its height while the page below is short, each view has one h1;
// `?lang=de` and `?theme=dark` give the elements' German and dark mode; and axe-core finds
// nothing on the page, its widgets included.
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { missingRequirement } from '../test-support/requirements.ts';
import { startTestServer, type TestServer } from '../server/test/support/test-server.ts';

const mode = hasChromium()
  ? 'run'
  : missingRequirement('Chromium', `install it with "apt-get install -y chromium" (looked for ${chromiumPath()})`);

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONES = [320, 390];

describe.skipIf(mode === 'skip')('the partner portal on a phone, in German and dark', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  // Each test's pages go with it, and their event streams with them.
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  interface Opened {
    page: Page;
    /** Console errors and warnings, and uncaught errors. */
    problems: string[];
  }

  /** The portal at `path`, `width` px wide; with `holdTokens` the widgets never get data. */
  async function open(
    path: string,
    width: number,
    options: { colorScheme?: 'light' | 'dark'; holdTokens?: boolean } = {},
  ): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width, height: 700 }, colorScheme: options.colorScheme ?? 'light' });
    contexts.push(context);
    // axe-core through DevTools, so the page's CSP (script-src 'self') does not apply to it.
    await context.addInitScript({ path: axeSource });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    if (options.holdTokens) await page.route('**/demo/portal/widget-token**', () => {});
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  const ready = (page: Page) => page.locator('siso-training-progress [part~="percent"]').first().waitFor();

  /** How far the page reaches past the viewport sideways (0: no horizontal scrolling). */
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  /** axe-core's violations on the whole page, open shadow roots included, as "rule: target". */
  async function axeViolations(page: Page): Promise<string[]> {
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
      const { violations } = await axe.run();
      return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
    });
  }

  it.each(PHONES)('at %i px: nothing off the page, one h1, a header that does not wrap inside a label', async (width) => {
    const { page, problems } = await open('/?partner=northwind', width);
    await ready(page);
    expect(await overflow(page)).toBe(0);
    expect(await page.locator('h1').allTextContents()).toEqual(['Dashboard']);
    // "Signed in as" on one line: a label that wraps has a box per line.
    expect(await page.locator('.picker > span').evaluate((label) => label.getClientRects().length)).toBe(1);
    expect(await page.locator('.picker > span').textContent()).toBe('Signed in as');
    expect(problems).toEqual([]);
  });

  it.each(PHONES)('at %i px: a hidden entry of the navigation row has a cue, and the last entry is reached by keyboard', async (width) => {
    const { page } = await open('/?partner=northwind&lang=de', width);
    await ready(page);
    const row = page.locator('nav.sidebar');
    // The cues fade (0.15 s), so a reading taken mid-fade is neither 0 nor 1: poll for both ends at once.
    const cues = () =>
      page
        .locator('.nav-wrap')
        .evaluate((wrap) => ({ before: getComputedStyle(wrap, '::before').opacity, after: getComputedStyle(wrap, '::after').opacity }));
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;

    // This width hides the last entry; the row's end says so, its start does not.
    const last = row.getByRole('link').last();
    expect(await last.textContent()).toBe('Unterlagen');
    expect((await box('nav.sidebar a:last-child')).x + (await box('nav.sidebar a:last-child')).width).toBeGreaterThan(width);
    await expect.poll(() => page.locator('.nav-wrap').getAttribute('data-more')).toBe('end');
    await expect.poll(cues).toEqual({ before: '0', after: '1' });

    // Tabbing along the row brings each entry into sight, the last one too; then the cue flips.
    await row.getByRole('link').first().focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
    expect(await last.evaluate((link) => link === document.activeElement)).toBe(true);
    await expect
      .poll(async () => {
        const link = await box('nav.sidebar a:last-child');
        const nav = await box('nav.sidebar');
        return link.x >= nav.x && link.x + link.width <= nav.x + nav.width;
      })
      .toBe(true);
    await expect.poll(() => page.locator('.nav-wrap').getAttribute('data-more')).toBe('start');
    await expect.poll(cues).toEqual({ before: '1', after: '0' });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').allTextContents()).toEqual(['Unterlagen']);
    expect(await overflow(page)).toBe(0);
  });

  it('keeps the current entry one row high while the page below is short or still loading', async () => {
    for (const path of ['/?partner=northwind#/deals', '/?partner=northwind']) {
      const { page } = await open(path, 320, { holdTokens: true });
      await page.locator('[aria-current="page"]').waitFor();
      // On the dashboard the widgets wait for a token that never comes: their skeletons show.
      if (!path.includes('#')) await page.locator('siso-training-progress [aria-busy="true"]').first().waitFor();
      const current = (await page.locator('[aria-current="page"]').boundingBox())!;
      const first = (await page.locator('nav.sidebar a').first().boundingBox())!;
      expect(current.height).toBeLessThan(48);
      expect(current.height).toBe(first.height);
    }
  });

  it('?lang=de shows the elements and the shell in German, and the switch keeps the choice in the URL', async () => {
    const { page, problems } = await open('/?partner=northwind&lang=de', 390);
    await ready(page);
    const progress = page.locator('siso-training-progress');
    expect(await progress.getAttribute('locale')).toBe('de');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await progress.locator('[part~="title"]').textContent()).toBe('Schulungsfortschritt');
    expect(await progress.locator('[part="modules"]').textContent()).toBe('2 von 15 Modulen');
    expect(await page.locator('h1').textContent()).toBe('Übersicht');
    expect(await page.locator('.picker > span').evaluate((label) => label.getClientRects().length)).toBe(1);
    expect(await overflow(page)).toBe(0);

    // Back to English and to German again, on the open page: the URL follows.
    await page.selectOption('#lang-picker', 'en');
    await expect.poll(() => progress.locator('[part~="title"]').textContent()).toBe('Training progress');
    expect(await progress.getAttribute('locale')).toBe('en');
    expect(new URL(page.url()).searchParams.has('lang')).toBe(false);
    await page.selectOption('#lang-picker', 'de');
    await expect.poll(() => progress.locator('[part~="title"]').textContent()).toBe('Schulungsfortschritt');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de');
    expect(await page.locator('h1').textContent()).toBe('Übersicht');
    // The elements never rendered German without their German strings (they would say so).
    expect(problems).toEqual([]);
  });

  it('?theme=dark is dark whatever the system says, and ?theme=light light', async () => {
    const surface = (page: Page) =>
      page.locator('siso-training-progress').evaluate((el) => getComputedStyle(el).getPropertyValue('--siso-color-surface').trim());
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    const dark = await open('/?partner=northwind&theme=dark', 390, { colorScheme: 'light' });
    await ready(dark.page);
    expect(await dark.page.locator('siso-training-progress').getAttribute('theme')).toBe('dark');
    expect(await surface(dark.page)).toBe('#161b22');
    expect(await background(dark.page)).toBe('rgb(13, 17, 23)');
    // The switch back to the system's (light) scheme drops the parameter.
    await dark.page.selectOption('#theme-picker', '');
    await expect.poll(() => surface(dark.page)).toBe('#ffffff');
    expect(new URL(dark.page.url()).searchParams.has('theme')).toBe(false);
    expect(await dark.page.locator('siso-training-progress').getAttribute('theme')).toBeNull();

    const light = await open('/?partner=northwind&theme=light', 390, { colorScheme: 'dark' });
    await ready(light.page);
    expect(await surface(light.page)).toBe('#ffffff');
    expect(await background(light.page)).toBe('rgb(244, 246, 248)');
    await light.page.selectOption('#theme-picker', 'dark');
    expect(new URL(light.page.url()).searchParams.get('theme')).toBe('dark');
    expect(dark.problems.concat(light.problems)).toEqual([]);
  });

  it.each([
    ['/?partner=contoso', 320],
    ['/?partner=contoso&lang=de&theme=dark', 390],
    ['/?partner=northwind&theme=dark#/training', 768],
    ['/?partner=northwind&lang=de#/training', 1280],
  ])('axe-core finds nothing on %s at %i px', async (path, width) => {
    const { page } = await open(path, width);
    await ready(page);
    if (path.includes('training')) await page.locator('siso-training-hub [part~="catalog"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the CMS example signed out: a sign-in message, no tall empty boxes; axe-core finds nothing signed out or in', async () => {
    const { page } = await open('/examples/cms-drop-in/', 320);
    const message = page.locator('siso-training-progress [slot="signed-out"]');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toMatch(/You are not signed in\./);
    await expect.poll(() => page.locator('siso-training-hub [part="signed-out"]').isVisible()).toBe(true);
    expect(await page.locator('header').textContent()).not.toMatch(/signed in/i);
    // Each element as tall as its one message, not as the training it would show.
    for (const element of ['siso-training-progress', 'siso-training-hub']) {
      expect((await page.locator(element).boundingBox())!.height).toBeLessThan(300);
    }
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/demo/cms/sign-in?partner=contoso`);
    await ready(page);
    await page.locator('siso-training-hub [part~="catalog"]').waitFor();
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});
