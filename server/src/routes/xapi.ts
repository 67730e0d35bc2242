import { XapiResponseSchema, XapiStatementSchema, XapiStatementsRequestSchema, MAX_INGEST_BATCH } from '@siso/training-core';
import { Hono } from 'hono';
import * as z from 'zod';
import { applyIngest, reason, tally, type IngestItem, type RefusedItem } from '../ingest/apply.ts';
import { activityIndex, mapStatement } from '../ingest/xapi.ts';
import { fieldErrors, parseInput, readJson } from '../http/validate.ts';
import type { Operation } from '../openapi/operation.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';

export const xapiOperations: Operation[] = [
  {
    method: 'post',
    path: '/v1/xapi/statements',
    summary: 'xAPI statements (one or a list); completed, passed, failed, progressed, experienced and launched move training',
    tag: 'training system',
    security: 'training',
    body: { name: 'XapiStatements', schema: XapiStatementsRequestSchema },
    responses: { 200: { description: 'Statement ids and what became of each', schema: { name: 'XapiResponse', schema: XapiResponseSchema } } },
  },
];

const Envelope = z.union([z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH), z.record(z.string(), z.unknown())]);

/** `POST /v1/xapi/statements`; mounted behind `serviceAuth` for training keys. */
export function xapiRoutes(services: Services): Hono {
  return new Hono().post('/statements', async (c) => {
    const body = parseInput(Envelope, await readJson(c));
    const raw = Array.isArray(body) ? body : [body];
    const program = await programStore(services.db).current();
    const activities = activityIndex(program.catalog, services.config.xapiActivityBase);
    const now = new Date();
    const items = raw.map((r, index): IngestItem | RefusedItem => {
      const parsed = XapiStatementSchema.safeParse(r);
      if (parsed.success) return mapStatement(parsed.data, { activities, now });
      const id = typeof (r as { id?: unknown })?.id === 'string' ? (r as { id: string }).id.slice(0, 200) : `#${index}`;
      const prefix = Array.isArray(body) ? [index] : [];
      return { id, reason: reason('invalid', fieldErrors(parsed.error, prefix).map((i) => `${i.pointer}: ${i.detail}`).join('; ')) };
    });
    const results = await applyIngest(services, items);
    for (const [status, n] of Object.entries(tally(results))) services.metrics.observeIngested('xapi', status, n);
    return c.json({ ids: results.map((r) => r.id), results });
  });
}
