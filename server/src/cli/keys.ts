// `npm run keys -- create --role portal|training|admin [--label text]`, `revoke <id>`, `list`,
// `certificate-key`. Uses DATABASE_URL or DATA_DIR like the server; a created key is printed once.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import {
  createServiceKey,
  isServiceRole,
  listServiceKeys,
  revokeServiceKey,
  SERVICE_ROLES,
  type ServiceRole,
} from '../auth/service-keys.ts';
import { generateSigningJwk } from '../certificates/signer.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { StartupError } from '../startup-error.ts';

const usage = `usage:
  npm run keys -- create --role ${SERVICE_ROLES.join('|')} [--label <text>]
  npm run keys -- revoke <key id>
  npm run keys -- list
  npm run keys -- certificate-key   (prints a new Ed25519 private JWK for CERTIFICATE_SIGNING_KEY)`;

function usageError(message: string): never {
  process.stderr.write(`keys: ${message}\n${usage}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { role: { type: 'string' }, label: { type: 'string' } },
  strict: false,
});
const [command, ...rest] = positionals;
if (command === 'certificate-key') {
  // Needs no database: the key goes into the configuration of every node.
  process.stdout.write(`${JSON.stringify(await generateSigningJwk())}\n`);
  process.exit(0);
}
type Command = { name: 'create'; role: ServiceRole; label: string | undefined } | { name: 'revoke'; id: string } | { name: 'list' };

// Arguments are checked before the database is opened (and, embedded, claimed).
function parseCommand(): Command {
  if (command === 'list') return { name: 'list' };
  if (command === 'revoke') return { name: 'revoke', id: rest[0] ?? usageError('revoke needs a key id') };
  if (command !== 'create') usageError('a command is required');
  const role = typeof values.role === 'string' ? values.role : '';
  if (!isServiceRole(role)) usageError(`--role must be one of ${SERVICE_ROLES.join(', ')}`);
  return { name: 'create', role, label: typeof values.label === 'string' ? values.label : undefined };
}
const cmd = parseCommand();

try {
  const config = loadConfig(process.env);
  const database = await openDatabase({
    url: config.databaseUrl,
    schemaName: config.databaseSchema,
    dataDir: join(config.dataDir, 'pglite'),
  });
  try {
    if (cmd.name === 'create') {
      const created = await createServiceKey(database.db, { role: cmd.role, label: cmd.label });
      process.stdout.write(`created ${created.role} key ${created.id}; store it now, it is not shown again:\n${created.key}\n`);
    } else if (cmd.name === 'revoke') {
      const revoked = await revokeServiceKey(database.db, cmd.id);
      process.stdout.write(revoked ? `revoked ${cmd.id}\n` : `no live key ${cmd.id}\n`);
      if (!revoked) process.exitCode = 1;
    } else {
      for (const k of await listServiceKeys(database.db)) {
        process.stdout.write(`${k.id}\t${k.role}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'live'}\t${k.label ?? ''}\n`);
      }
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  process.stderr.write(`keys: ${error.message}\n`);
  process.exitCode = 1;
}
