import { defineConfig } from 'vitest/config';

// Node-side suites only. Browser tests (packages/elements, packages/sdk/**/*.browser.test.ts)
// run in Chromium through web-test-runner, never here.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'core', include: ['packages/core/src/**/*.test.ts'] },
      },
      {
        test: { name: 'sdk', include: ['packages/sdk/src/**/*.test.ts'], exclude: ['**/*.browser.test.ts'] },
      },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
