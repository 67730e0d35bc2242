// `npm start`: the server on the embedded database (or DATABASE_URL), with demo data.
import { mintWidgetToken, WidgetTokenKeys } from './auth/widget-token.ts';
import { loadConfig, type Config } from './config.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { startServer, type RunningServer } from './server.ts';
import { StartupError } from './startup-error.ts';

// Signals are handled from the first moment. A Ctrl-C during start-up aborts it: start-up closes
// what it had opened (an embedded database is closed, not cut off mid-write) and the process ends.
const starting = new AbortController();
let server: RunningServer | undefined;
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  if (!server) {
    starting.abort();
    return;
  }
  await server.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

try {
  const config = loadConfig(process.env);
  server = await startServer({ config, signal: starting.signal });
  if (stopping) {
    await server.close();
    process.exit(0);
  }
  process.stdout.write(await banner(config, server));
} catch (error) {
  if (starting.signal.aborted) process.exit(0);
  if (error instanceof StartupError) process.stderr.write(`siso-training: ${error.message}\n`);
  else {
    // Not something the operator fixes from one line: the stack first, for a bug report.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${error instanceof Error ? error.stack : message}\nsiso-training: start-up failed: ${message}\n`);
  }
  process.exit(1);
}

async function banner(config: Config, running: RunningServer): Promise<string> {
  const base = running.url.replace('127.0.0.1', 'localhost');
  const where = running.database.kind === 'pglite' ? `the embedded database (${config.dataDir})` : 'PostgreSQL';
  const lines = [
    '',
    `SISO Training is running on ${where}`,
    `  partner portal example  ${base}/`,
    `  health                  ${base}/healthz`,
    `  API reference           ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
    `  partner snapshot        ${base}/v1/me/training  (Authorization: Bearer <widget token>)`,
  ];
  if (config.demo) {
    const demo = DEMO_PARTNERS[0]!.partner;
    const keys = new WidgetTokenKeys(config.widgetTokenSecrets);
    const { token, expiresAt } = await mintWidgetToken({ keys, partnerId: demo.id, ttlSeconds: 900, now: running.clock.now() });
    lines.push(
      '',
      `Demo widget token for ${demo.name} (valid until ${expiresAt}):`,
      token,
      '',
      `  curl -H "Authorization: Bearer $TOKEN" ${base}/v1/me/training`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
