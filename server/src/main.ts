// `npm start`: the server on the embedded database (or DATABASE_URL), with demo data.
import { mintWidgetToken, WidgetTokenKeys } from './auth/widget-token.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseUnavailableError } from './db/open.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { startServer } from './server.ts';

try {
  const config = loadConfig(process.env);
  const server = await startServer({ config });
  const base = server.url.replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    `SISO Training is running on ${server.database.kind === 'pglite' ? `the embedded database (${config.dataDir})` : 'PostgreSQL'}`,
    `  partner portal example  ${base}/`,
    `  health                  ${base}/healthz`,
    `  partner snapshot        ${base}/v1/me/training  (Authorization: Bearer <widget token>)`,
  ];
  if (config.demo) {
    const demo = DEMO_PARTNERS[0]!.partner;
    const { token, expiresAt } = await mintWidgetToken({ keys: new WidgetTokenKeys(config.widgetTokenSecrets), partnerId: demo.id, ttlSeconds: 900 });
    lines.push('', `Demo widget token for ${demo.name} (valid until ${expiresAt}):`, token, '', `  curl -H "Authorization: Bearer ${token.slice(0, 16)}…" ${base}/v1/me/training`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    process.stderr.write(`siso-training: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
