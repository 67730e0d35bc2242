// Suites that need Chromium or PostgreSQL: with CI set a missing one fails the run; on a laptop
// without it the suite is skipped with a loud message.
export function missingRequirement(what: string, how: string): 'skip' {
  const message = `${what} is not available: ${how}`;
  if (process.env.CI) throw new Error(`${message} (CI is set, so this fails instead of skipping)`);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return 'skip';
}
