// What the training widgets cost a portal page: the partner-portal example's training page with
// both widgets (<siso-training-hub> and <siso-training-progress>) against the same page without
// them (`?widgets=off`: same HTML, CSS and shell script, the widget chunk never loaded), in
// Debian's Chromium. Measures the added main-thread scripting time (CDP Performance.getMetrics
// ScriptDuration), the added bytes (every response, CDP encodedDataLength, the open event stream
// included) and how many API (/v1/) requests were sent before the progress card showed its data.
// Each run is a fresh browser context (cold cache); figures are medians.
// `npm run bench -- page` (run `npm run build` first). BENCH_PAGE_RUNS sets the runs (default 7).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath, hasChromium } from '../scripts/chromium.ts';
import { spawnServer } from '../test-support/spawn-server.ts';
import { report } from './lib/report.ts';

const runs = Number(process.env.BENCH_PAGE_RUNS ?? 7);
const bundle = fileURLToPath(new URL('../examples/partner-portal/dist/main.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run "npm run build" first.`);
  process.exit(1);
}
if (!hasChromium()) {
  console.error(`Chromium is not installed at ${chromiumPath()} (apt-get install -y chromium).`);
  process.exit(1);
}

interface Sample {
  scriptMs: number;
  taskMs: number;
  bytes: number;
  /** /v1/ requests sent before the progress card rendered its data (NaN without widgets). */
  apiRequestsBeforeData: number;
  /** Other requests before the data: the portal's token route, scripts. */
  requestsBeforeData: number;
  /** Navigation start to the card's data on screen. */
  dataMs: number;
}

/** Lets the page go quiet after load (or after its data shows) before reading the counters. */
const SETTLE_MS = 1_000;

async function measure(browser: Browser, url: string, widgets: boolean): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Wall-clock time, the conservative choice: it includes any time the main thread is descheduled.
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await cdp.send('Network.enable');

  const finished = new Map<string, number>();
  const streamed = new Map<string, number>();
  cdp.on('Network.dataReceived', (e) => streamed.set(e.requestId, (streamed.get(e.requestId) ?? 0) + e.encodedDataLength));
  cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));

  const sent: string[] = [];
  let atData: string[] | undefined;
  page.on('request', (r) => sent.push(new URL(r.url()).pathname));
  // Called from the page (a DevTools binding, so the page's CSP does not stand in the way) when
  // the progress card has rendered its first snapshot.
  await page.exposeFunction('benchDataShown', () => (atData ??= [...sent]));
  await page.addInitScript(() => {
    document.addEventListener('siso-ready', (e) => {
      if ((e.target as Element).localName !== 'siso-training-progress') return;
      (window as unknown as { benchDataAt: number }).benchDataAt = performance.now();
      void (window as unknown as { benchDataShown: () => Promise<void> }).benchDataShown();
    });
  });

  await page.goto(url, { waitUntil: 'load' });
  if (widgets)
    await page.waitForFunction(() => (window as unknown as { benchDataAt?: number }).benchDataAt !== undefined, undefined, {
      timeout: 15_000,
    });
  await page.waitForTimeout(SETTLE_MS);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  const dataMs = widgets ? await page.evaluate(() => (window as unknown as { benchDataAt: number }).benchDataAt) : Number.NaN;

  let bytes = 0;
  for (const [id, n] of streamed) if (!finished.has(id)) bytes += n;
  for (const n of finished.values()) bytes += n;
  await context.close();

  const before = atData ?? [];
  return {
    scriptMs: metric('ScriptDuration') * 1000,
    taskMs: metric('TaskDuration') * 1000,
    bytes,
    apiRequestsBeforeData: widgets ? before.filter((p) => p.startsWith('/v1/')).length : Number.NaN,
    requestsBeforeData: widgets ? before.length : Number.NaN,
    dataMs,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// The demo training system stays off: every run sees the same data.
const server = await spawnServer({ DEMO_TRAINING_INTERVAL_MS: '0', LOG_LEVEL: 'error' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const withUrl = `${server.url}/?partner=contoso#/training`;
  const withoutUrl = `${server.url}/?partner=contoso&widgets=off#/training`;
  // Warm the server (PGlite, JIT) and the OS file cache once each.
  await measure(browser, withUrl, true);
  await measure(browser, withoutUrl, false);

  const withSamples: Sample[] = [];
  const withoutSamples: Sample[] = [];
  for (let i = 0; i < runs; i += 1) {
    // Alternate, so drift on a shared machine falls on both sides.
    withoutSamples.push(await measure(browser, withoutUrl, false));
    withSamples.push(await measure(browser, withUrl, true));
  }
  const m = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key]));
  const addedScript = m(withSamples, 'scriptMs') - m(withoutSamples, 'scriptMs');
  const addedKb = (m(withSamples, 'bytes') - m(withoutSamples, 'bytes')) / 1024;
  const roundTrips = m(withSamples, 'apiRequestsBeforeData');
  report(
    'page',
    [
      {
        page: 'portal training page without widgets',
        'script ms': m(withoutSamples, 'scriptMs'),
        'task ms': m(withoutSamples, 'taskMs'),
        KB: m(withoutSamples, 'bytes') / 1024,
        'API req before data': '—',
        'data shown ms': '—',
      },
      {
        page: 'with <siso-training-hub> + <siso-training-progress>',
        'script ms': m(withSamples, 'scriptMs'),
        'task ms': m(withSamples, 'taskMs'),
        KB: m(withSamples, 'bytes') / 1024,
        'API req before data': roundTrips,
        'data shown ms': m(withSamples, 'dataMs'),
      },
      {
        page: 'added by the widgets (target ≤ 50 ms, 1 round trip)',
        'script ms': addedScript,
        'task ms': m(withSamples, 'taskMs') - m(withoutSamples, 'taskMs'),
        KB: addedKb,
        'API req before data': roundTrips,
        'data shown ms': '',
      },
    ],
    {
      added_script_ms: Number(addedScript.toFixed(1)),
      added_kb: Number(addedKb.toFixed(1)),
      round_trips_before_data: roundTrips,
    },
  );
  console.error(
    `(${runs} runs each, medians; requests before data with widgets: ${withSamples[0]!.requestsBeforeData} in all, API ones ${withSamples.map((s) => s.apiRequestsBeforeData).join('/')})`,
  );
} finally {
  await browser.close();
  await server.stop();
}
