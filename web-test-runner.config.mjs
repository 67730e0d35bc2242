// Browser suites (elements, and the SDK's browser path) in Debian's Chromium, against a real
// API server started here for the whole run. No tool downloads a browser.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';

const { startTestServer } = await import('./server/test/support/test-server.ts');
const { chromiumArgs, chromiumPath } = await import('./scripts/chromium.ts');

const port = 8741;
let lmsEvents = 0;
const api = await startTestServer({ CORS_ORIGINS: `http://localhost:${port},http://127.0.0.1:${port}` });
const trainingKey = await api.keyFor('training');

export default {
  port,
  files: ['packages/elements/src/**/*.test.ts', 'packages/sdk/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  // Only bounds a test that hangs (a busy 2-core machine stretches a live round trip): no verdict depends on it.
  testFramework: { config: { timeout: 30_000 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } })],
  plugins: [
    // Chromium's accessibility tree (accessible names as a screen reader gets them), for a11ySnapshot().
    a11ySnapshotPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    {
      name: 'siso-test-env',
      // Tests import `/__siso/test-env.js` to learn where the API is.
      async serve(context) {
        if (context.path === '/__siso/test-env.js') {
          return { body: `export const apiBase = ${JSON.stringify(api.url)};`, type: 'js' };
        }
        // A page under the server's strict CSP, loading the script-tag bundle; csp-check.js reports
        // any violation to the test that framed it.
        if (context.path === '/__siso/csp.html') {
          const csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${api.url}`;
          const body = `<!doctype html><html lang="en"><head><title>CSP</title>
            <script type="module" src="/packages/elements/dist/siso-training.js"></script>
            <script type="module" src="/__siso/csp-check.js"></script></head><body></body></html>`;
          return { body, type: 'html', headers: { 'content-security-policy': csp } };
        }
        if (context.path === '/__siso/csp-check.js') {
          return { body: cspCheck(api.url), type: 'js' };
        }
        // Stands in for the training system (`?partner=&module=&action=progress|complete|earn-expired`):
        // a signed ingestion event through the real API, so live tests see a real event.
        if (context.path === '/__siso/lms') {
          const q = context.URL.searchParams;
          const action = q.get('action');
          const base = {
            id: `wtr-${Date.now()}-${(lmsEvents += 1)}`,
            partnerId: q.get('partner') ?? '',
            occurredAt: new Date().toISOString(),
          };
          const module = q.get('module') ?? '';
          // `earn-expired`: a certificate that ended yesterday, issued two years and a day ago.
          const event =
            action === 'earn-expired'
              ? {
                  ...base,
                  type: 'certification.earned',
                  certificationId: q.get('certification') ?? '',
                  occurredAt: new Date(Date.now() - 731 * 86_400_000).toISOString(),
                  expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
                }
              : action === 'complete'
                ? { ...base, type: 'module.completed', moduleId: module, score: 90 }
                : { ...base, type: 'module.progress', moduleId: module, percent: Number(q.get('percent') ?? 50) };
          const body = JSON.stringify({ events: [event] });
          const res = await fetch(`${api.url}/v1/ingest/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${trainingKey}`, 'content-type': 'application/json', 'siso-signature': api.sign(body) },
            body,
          });
          return { body: await res.text(), type: 'json', status: res.status };
        }
        return undefined;
      },
      async serverStop() {
        await api.close();
      },
    },
  ],
};

function cspCheck(apiUrl) {
  return `const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const { token } = await (await fetch(${JSON.stringify(apiUrl)} + '/demo/widget-token?partnerId=contoso')).json();
const elements = ['siso-training-progress', 'siso-training-hub'].map((tag) => {
  const el = document.createElement(tag);
  el.setAttribute('api-base', ${JSON.stringify(apiUrl)});
  el.token = token;
  document.body.append(el);
  return el;
});
await Promise.all(elements.map((el) => new Promise((resolve) => el.addEventListener('siso-ready', resolve, { once: true }))));
await new Promise((resolve) => setTimeout(resolve, 300));
parent.postMessage({ violations, titles: elements.map((el) => el.shadowRoot.querySelector('[part~="title"]').textContent) }, '*');`;
}
