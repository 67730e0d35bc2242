import { XapiResponseSchema, XapiStatementSchema, XapiStatementsRequestSchema, MAX_INGEST_BATCH } from '@siso/training-core';
import * as z from 'zod';
import { applyIngest, tally, type IngestItem, type RefusedItem } from '../ingest/apply.ts';
import { parseItem } from '../ingest/parse-item.ts';
import { activityIndex, mapStatement } from '../ingest/xapi.ts';
import { route, type Route } from '../http/route.ts';
import { mayHoldUnstorable, parseInput, parseJson, readJsonText } from '../http/validate.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';

const Envelope = z.union([z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH), z.record(z.string(), z.unknown())]);

/** `POST /v1/xapi/statements`: what an LMS or LRS forwards. */
export function xapiRoutes(services: Services): Route[] {
  return [
    route({
      method: 'post',
      path: '/v1/xapi/statements',
      summary: 'xAPI statements (one or a list); completed, passed, failed, progressed, experienced and launched move training',
      tag: 'training system',
      security: 'training',
      largeBody: true,
      // Read here: each statement is checked on its own, its text included (parseItem).
      rawBody: { name: 'XapiStatements', schema: XapiStatementsRequestSchema },
      responses: {
        200: { description: 'Statement ids and what became of each', schema: { name: 'XapiResponse', schema: XapiResponseSchema } },
      },
      handle: async (c) => {
        const text = await readJsonText(c);
        // The parsed text itself goes on, not zod's copy of it: a copy would drop what the
        // item checks must see (a `__proto__` key becomes a prototype when copied).
        const body = parseJson(text);
        parseInput(Envelope, body);
        const checkText = mayHoldUnstorable(text);
        const raw = Array.isArray(body) ? body : [body];
        const program = await programStore(services.db).current();
        const activities = activityIndex(program.catalog, services.config.xapiActivityBase);
        const now = services.clock.now();
        const items = raw.map((r, index): IngestItem | RefusedItem => {
          const parsed = parseItem(XapiStatementSchema, r, { index, prefix: Array.isArray(body) ? [index] : [], checkText });
          return 'data' in parsed ? mapStatement(parsed.data, { activities, now }) : parsed;
        });
        const results = await applyIngest(services, items);
        for (const [status, n] of Object.entries(tally(results))) services.metrics.observeIngested('xapi', status, n);
        return c.json({ ids: results.map((r) => r.id), results });
      },
    }),
  ];
}
