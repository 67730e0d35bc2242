// `npm run screenshots`: starts the server as `npm start` does and photographs the examples in
// headless Chromium for the README (docs/screenshots/).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { spawnServer } from '../test-support/spawn-server.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

// The demo training system stays off, so every shot shows the seeded state.
const server = await spawnServer({ DEMO_TRAINING_INTERVAL_MS: '0' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  // The demo tour of the README: the examples as a visitor of `npm start` sees them, on a phone
  // (320 and 390 px), a tablet (768 px) and a desktop (1280 px), in English and German, light and
  // dark. Language and theme come from the portal's URL (`?lang=de`, `?theme=dark`), as a link
  // would show them; the browser itself stays light, so the pictures prove the parameters work.
  const portalReady = 'siso-training-progress [part~="percent"]';
  const hubReady = 'siso-training-hub [part~="catalog"]';
  const shots: { name: string; path: string; width: number; height: number; ready: string; signIn?: string }[] = [
    { name: 'partner-portal', path: '/', width: 1280, height: 820, ready: portalReady },
    { name: 'partner-portal-dark', path: '/?partner=contoso&theme=dark', width: 1280, height: 820, ready: portalReady },
    { name: 'partner-portal-training', path: '/?partner=northwind#/training', width: 1280, height: 1100, ready: hubReady },
    { name: 'portal-320', path: '/?partner=northwind', width: 320, height: 640, ready: portalReady },
    { name: 'portal-390-de', path: '/?partner=contoso&lang=de', width: 390, height: 780, ready: portalReady },
    { name: 'portal-390-dark', path: '/?partner=northwind&theme=dark#/training', width: 390, height: 780, ready: hubReady },
    { name: 'portal-768-de-dark', path: '/?partner=contoso&lang=de&theme=dark', width: 768, height: 1000, ready: portalReady },
    {
      name: 'cms-drop-in-signed-out',
      path: '/examples/cms-drop-in/',
      width: 390,
      height: 780,
      ready: 'siso-training-progress [slot="signed-out"]',
    },
    { name: 'cms-drop-in', path: '/examples/cms-drop-in/', signIn: 'contoso', width: 1100, height: 1000, ready: hubReady },
    { name: 'react', path: '/examples/react/?partner=contoso', width: 1100, height: 820, ready: portalReady },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: 'light',
      deviceScaleFactor: 1,
    });
    if (shot.signIn) await page.goto(`${server.url}/demo/cms/sign-in?partner=${shot.signIn}`);
    await page.goto(`${server.url}${shot.path}`);
    await page.locator(shot.ready).first().waitFor({ state: 'visible' });
    await page.waitForTimeout(800); // let bars and highlights settle
    const file = new URL(`${shot.name}.png`, out);
    await page.screenshot({ path: file.pathname });
    console.log(`wrote ${file.pathname}`);
    await page.close();
  }
  // The elements on their own (examples/gallery), for packages/elements/README.md: light, dark
  // and in a 320 px column.
  const elements = ['progress', 'hub'] as const;
  const variants = [
    { suffix: 'light', query: 'partner=contoso', colorScheme: 'light', width: 1200 },
    { suffix: 'dark', query: 'partner=contoso&theme=dark', colorScheme: 'dark', width: 1200 },
    { suffix: 'narrow', query: 'partner=northwind&width=320', colorScheme: 'light', width: 400 },
  ] as const;
  for (const element of elements) {
    for (const variant of variants) {
      const page = await browser.newPage({
        viewport: { width: variant.width, height: 900 },
        colorScheme: variant.colorScheme,
        deviceScaleFactor: 1,
      });
      await page.goto(`${server.url}/examples/gallery/?only=${element}&${variant.query}`);
      const host = page.locator(`#${element}`);
      await host.locator(element === 'progress' ? '[part~="percent"]' : '[part~="catalog"]').waitFor();
      await page.waitForTimeout(500); // let bars and highlights settle
      const file = new URL(`${element}-${variant.suffix}.png`, out);
      await host.screenshot({ path: file.pathname });
      console.log(`wrote ${file.pathname}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

// Foresight: a certificate's end seen coming, then grace, then the renewal. Those steps need a
// clock to move, so the end-to-end test that walks them takes these pictures (foresight-*.png).
const journey = spawnSync('node_modules/.bin/vitest', ['run', '--project', 'e2e', 'e2e/foresight.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, SISO_SCREENSHOTS: '1' },
});
if (journey.status !== 0) process.exitCode = 1;
