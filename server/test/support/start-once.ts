// Starts the server once from the environment's configuration, prints how that went, and does
// nothing more: the process then ends by itself only if start-up left nothing open (a listening
// port, a database connection, a timer that keeps Node alive). A server that did start is closed.
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

try {
  const server = await startServer({ config: loadConfig(process.env), logger: pino({ level: 'silent' }) });
  process.stdout.write('started\n');
  await server.close();
} catch (error) {
  process.stdout.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
}
