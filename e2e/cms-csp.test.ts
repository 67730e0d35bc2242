// The CMS page of the README ("In a CMS"), as the README shows it — its HTML, its stylesheet and
// its Content-Security-Policy, read from README.md with only the example API origin replaced by
// this server's — served from a CMS origin of its own, in Chromium: both elements show the
// partner's training, a live change reaches them through the event stream, and the browser
// reports no CSP violation. The README is the one copy, so the advice and this test cannot drift.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { missingRequirement } from '../test-support/requirements.ts';
import { startTestServer, type TestServer } from '../server/test/support/test-server.ts';

const mode = hasChromium()
  ? 'run'
  : missingRequirement('Chromium', `install it with "apt-get install -y chromium" (looked for ${chromiumPath()})`);

/** The API origin the README's examples name. */
const README_API = 'https://training.example.com';

/** The fenced block after the README's `<!-- name… -->` marker. */
function readmeBlock(name: string): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = new RegExp(`<!-- ${name}\\b[^>]*-->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!block) throw new Error(`README.md has no code block marked <!-- ${name} -->`);
  return block[1]!;
}

/** The one `attribute="…"` value the page names, e.g. where its stylesheet or token URL is. */
function attribute(html: string, name: string): string {
  const values = new Set([...html.matchAll(new RegExp(`\\s${name}="([^"]+)"`, 'g'))].map((m) => m[1]!));
  if (values.size !== 1) throw new Error(`expected one ${name}="…" in the README's CMS page, found ${[...values].join(', ') || 'none'}`);
  return [...values][0]!;
}

describe.skipIf(mode === 'skip')("the README's CMS page under the README's Content-Security-Policy", () => {
  let server: TestServer;
  let browser: Browser;
  let cms: Server;
  let cmsOrigin: string;

  beforeAll(async () => {
    // The CMS, as the README describes it: the page, its stylesheet, and its token URL, which
    // mints a token for the signed-in partner (always Fabrikam here) with the portal key.
    let api = '';
    let portalKey = '';
    cms = createServer((req, res) => {
      const page = readmeBlock('cms-page').replaceAll(README_API, api);
      const path = new URL(req.url!, cmsOrigin).pathname;
      if (path === '/training') {
        const policy = readmeBlock('cms-csp')
          .trim()
          .replace(/^Content-Security-Policy:\s*/i, '')
          .replaceAll(README_API, api);
        const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CMS</title></head><body>\n${page}</body></html>`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy }).end(html);
      } else if (path === attribute(page, 'href')) {
        res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(readmeBlock('cms-stylesheet'));
      } else if (path === attribute(page, 'token-url')) {
        void fetch(`${api}/v1/widget-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${portalKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ partnerId: 'fabrikam', ttlSeconds: 600 }),
        }).then(async (minted) =>
          res.writeHead(minted.status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(await minted.text()),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    cmsOrigin = `http://127.0.0.1:${(cms.address() as AddressInfo).port}`;
    // The API lets the CMS's origin call it, as the README tells an operator to configure it.
    [server, browser] = await Promise.all([
      startTestServer({ CORS_ORIGINS: cmsOrigin }),
      chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs }),
    ]);
    api = server.url;
    portalKey = await server.keyFor('portal');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    cms?.closeAllConnections();
    await new Promise((resolve) => cms?.close(resolve));
  });

  it('shows both elements with data, follows a live change, and violates nothing', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // Through DevTools, before the page's scripts, so the page's own policy does not apply to it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${cmsOrigin}/training`);
    expect(response?.headers()['content-security-policy']).toContain(server.url);

    const modules = page.locator('siso-training-progress [part="modules"]');
    await expect.poll(() => modules.textContent()).toBe('0 of 15 modules');
    await expect.poll(() => page.locator('siso-training-hub [part~="module"]').count()).toBeGreaterThan(0);
    // The README's stylesheet loaded (style-src 'self'), with its rules.
    const rules = await page.evaluate(() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)));
    expect(rules).toContainEqual(expect.stringContaining('siso-training-progress:not(:defined)'));

    // The event stream passes the policy too: a completion reaches the page without a reload.
    const ingested = await server.ingest(await server.keyFor('training'), [
      {
        id: 'cms-csp-1',
        type: 'module.completed',
        partnerId: 'fabrikam',
        moduleId: 'product-fundamentals',
        occurredAt: server.clock.now().toISOString(),
        score: 90,
      },
    ]);
    expect(ingested.status).toBe(200);
    await expect.poll(() => modules.textContent()).toBe('1 of 15 modules');
    await expect.poll(() => page.locator('siso-training-hub [part~="module-completed"]').count()).toBe(1);

    expect(await page.locator('[part="error"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
