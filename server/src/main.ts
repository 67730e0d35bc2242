// `npm start`: the server on the embedded database (or DATABASE_URL), with demo data.
import { mintWidgetToken, WidgetTokenKeys } from './auth/widget-token.ts';
import { loadConfig, type Config } from './config.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { startServer, type RunningServer } from './server.ts';
import { StartupError } from './startup-error.ts';

// Signals are handled from the first moment, so a Ctrl-C during start-up also exits cleanly.
let server: RunningServer | undefined;
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  await server?.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

try {
  const config = loadConfig(process.env);
  server = await startServer({ config });
  if (stopping) await server.close();
  else process.stdout.write(await banner(config, server));
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`siso-training: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
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
