import { defineConfig } from 'vitest/config';

// Node-side suites only. Browser tests (packages/elements, packages/sdk/**/*.browser.test.ts)
// run in Chromium through web-test-runner, never here.
//
// Timeouts (of tests, hooks and `expect.poll`) only bound a test that hangs: no verdict depends on
// them, and they are wide because a busy machine (two cores shared with other work) can take 20 s
// to create an embedded database.
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000, expect: { poll: { timeout: 20_000 } } };
// Property tests run on a fixed seed when CI is set (see the file).
const setupFiles = ['test-support/fast-check.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], setupFiles, ...timeouts },
      },
      {
        test: { name: 'sdk', include: ['packages/sdk/src/**/*.test.ts'], exclude: ['**/*.browser.test.ts'], ...timeouts },
      },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          setupFiles,
          ...timeouts,
        },
      },
      {
        test: { name: 'e2e', include: ['e2e/**/*.test.ts'], ...timeouts, testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
