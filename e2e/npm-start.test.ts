// `npm start` as a newcomer runs it: its own process, demo mode with the demo training system
// on a fast timer; the portal loads under the strict CSP without a console error, the training
// system's events show up live, and Ctrl-C stops it cleanly.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { missingRequirement } from '../test-support/requirements.ts';
import { spawnServer, type SpawnedServer } from '../test-support/spawn-server.ts';

const mode = hasChromium()
  ? 'run'
  : missingRequirement('Chromium', `install it with "apt-get install -y chromium" (looked for ${chromiumPath()})`);

describe.skipIf(mode === 'skip')('npm start', () => {
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      spawnServer({ DEMO_TRAINING_INTERVAL_MS: '1000' }),
      chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    if (server?.process.exitCode === null) await server.stop();
  });

  it('serves the portal under the strict CSP with no console errors, moved on by the demo training system', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    const response = await page.goto(`${server.url}/?partner=fabrikam`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const time = page.locator('siso-training-progress [part~="stat"]', { hasText: 'Time spent' });
    await time.waitFor();
    const before = await time.textContent();
    // Three demo partners take turns every second: Fabrikam's turn comes within 3 s.
    await expect.poll(() => time.textContent()).not.toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stops cleanly on Ctrl-C', async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).toMatch(/SIGINT: stopping/);
  });
});
