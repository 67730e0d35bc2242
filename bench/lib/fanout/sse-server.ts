// Fan-out benchmark, our side: the real server (PGlite in memory) with its SSE endpoint; events
// are published on the server's bus as a write route does after commit. The log append is left
// out on purpose: it is paid once per event, not per delivered message.
import type { TrainingEvent } from '@siso/training-core';
import pino from 'pino';
import { mintWidgetToken, WidgetTokenKeys } from '../../../server/src/auth/widget-token.ts';
import { loadConfig } from '../../../server/src/config.ts';
import { inArray } from 'drizzle-orm';
import { partners } from '../../../server/src/db/schema.ts';
import { readLastSeq } from '../../../server/src/events/log.ts';
import { startServer } from '../../../server/src/server.ts';
import { cpuUs, memoryKb, publishToEach, serve } from './rpc.ts';

const partnerCount = Number(process.env.PARTNERS ?? 10);
const config = loadConfig({
  ...process.env,
  PORT: '0',
  DEMO: '0',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
});
const server = await startServer({ config, logger: pino({ level: 'silent' }), database: { dataDir: 'memory://' } });
const ids = Array.from({ length: partnerCount }, (_, i) => `bench-${i}`);
await server.database.db
  .insert(partners)
  .values(ids.map((id) => ({ id, name: id, tier: 'bronze' })))
  .onConflictDoNothing();
const keys = new WidgetTokenKeys(config.widgetTokenSecrets);
const tokens = Object.fromEntries(
  await Promise.all(
    ids.map(async (id): Promise<[string, string]> => [
      id,
      (await mintWidgetToken({ keys, partnerId: id, ttlSeconds: 900, now: new Date() })).token,
    ]),
  ),
);
const seqs = new Map<string, number>();
for (const id of ids) seqs.set(id, (await readLastSeq(server.database.db, id))!);
const pad = 'x'.repeat(Number(process.env.PAYLOAD_BYTES ?? 200));

serve(async ({ cmd }) => {
  if (cmd === 'info') {
    // New subscribers resume at the current seq; the log's counter must agree, or the stream
    // would rightly see a gap between its cursor and the next live event.
    for (const [id, seq] of seqs)
      await server.database.db
        .update(partners)
        .set({ lastSeq: seq })
        .where(inArray(partners.id, [id]));
    return { url: server.url, tokens, cursors: Object.fromEntries(seqs) };
  }
  if (cmd === 'cpu') return cpuUs();
  if (cmd === 'memory') return memoryKb();
  if (cmd === 'publish') {
    publishToEach(ids, seqs, pad, (id, fields) =>
      server.bus.publish(id, [{ ...fields, type: 'progress.updated' } as unknown as TrainingEvent]),
    );
    return null;
  }
  throw new Error(`unknown command ${String(cmd)}`);
});
process.send!({ ready: true });
