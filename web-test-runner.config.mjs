// Browser suites (elements, and the SDK's browser path) in Debian's Chromium, against a real
// API server started here for the whole run. No tool downloads a browser.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const { startTestServer } = await import('./server/test/support/test-server.ts');
const { chromiumArgs, chromiumPath } = await import('./scripts/chromium.ts');

const port = 8741;
const api = await startTestServer({ CORS_ORIGINS: `http://localhost:${port},http://127.0.0.1:${port}` });

export default {
  port,
  files: ['packages/elements/src/**/*.test.ts', 'packages/sdk/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } })],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    {
      name: 'siso-test-env',
      // Tests import `/__siso/test-env.js` to learn where the API is.
      serve(context) {
        if (context.path === '/__siso/test-env.js') {
          return { body: `export const apiBase = ${JSON.stringify(api.url)};`, type: 'js' };
        }
        return undefined;
      },
      async serverStop() {
        await api.close();
      },
    },
  ],
};
