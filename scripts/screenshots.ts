// `npm run screenshots`: starts the server as `npm start` does and photographs the examples in
// headless Chromium for the README (docs/screenshots/).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { spawnServer } from '../test-support/spawn-server.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

const server = await spawnServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const shots: { name: string; path: string; width: number; height: number; colorScheme: 'light' | 'dark'; ready: string }[] = [
    { name: 'partner-portal', path: '/', width: 1200, height: 520, colorScheme: 'light', ready: 'siso-training-progress [part="modules"]' },
    { name: 'partner-portal-dark', path: '/?partner=contoso', width: 1200, height: 520, colorScheme: 'dark', ready: 'siso-training-progress [part="modules"]' },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.colorScheme, deviceScaleFactor: 1 });
    await page.goto(`${server.url}${shot.path}`);
    await page.locator(shot.ready).waitFor();
    await page.waitForTimeout(500); // let the bar's transition finish
    const file = new URL(`${shot.name}.png`, out);
    await page.screenshot({ path: file.pathname });
    console.log(`wrote ${file.pathname}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
