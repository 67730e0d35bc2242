import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { missingRequirement } from '../test-support/requirements.ts';
import { spawnServer, type SpawnedServer } from '../test-support/spawn-server.ts';

const mode = hasChromium() ? 'run' : missingRequirement('Chromium', `install it with "apt-get install -y chromium" (looked for ${chromiumPath()})`);

describe.skipIf(mode === 'skip')('partner portal example, end to end', () => {
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await spawnServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  it('shows the real numbers of the demo partner, with no console errors under the strict CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${server.url}/`);
    const modules = page.locator('siso-training-progress [part="modules"]');
    await expect.poll(() => modules.textContent(), { timeout: 10_000 }).toBe('2 of 15 modules');
    await expect(page.locator('siso-training-progress [part~="overall-bar"]').getAttribute('aria-valuenow')).resolves.toBe('13');

    await page.selectOption('#partner-picker', 'contoso');
    await expect.poll(() => modules.textContent(), { timeout: 10_000 }).toBe('7 of 15 modules');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stops cleanly on Ctrl-C', async () => {
    const other = await spawnServer();
    expect(await other.stop()).toBe(0);
    expect(other.output()).toMatch(/SIGINT: stopping/);
  });
});
