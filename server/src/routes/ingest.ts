import {
  SIGNATURE_FORMAT,
  IngestBatchSchema,
  IngestEventSchema,
  IngestResponseSchema,
  MAX_INGEST_BATCH,
  type IngestEvent,
} from '@siso/training-core';
import * as z from 'zod';
import { applyIngest, tally, type IngestItem, type RefusedItem } from '../ingest/apply.ts';
import { parseItem } from '../ingest/parse-item.ts';
import { SIGNATURE_HEADER, verifySignature } from '../ingest/signature.ts';
import { Problem } from '../errors/problem.ts';
import { route, type Route } from '../http/route.ts';
import { mayHoldUnstorable, parseInput, parseJson, readJsonText } from '../http/validate.ts';
import type { Services } from '../services.ts';
import type { Change } from '../training/partner-training.ts';

// The envelope is checked as a whole; each event on its own, so one bad event is one rejected item.
const Envelope = z.strictObject({ events: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH) });

const SIGNATURE_DETAIL = {
  missing: `Sign the body: header "Siso-Signature: ${SIGNATURE_FORMAT}".`,
  malformed: `The Siso-Signature header must be "${SIGNATURE_FORMAT}".`,
  expired: 'The signature timestamp is outside the tolerance; sign again with the current time.',
  mismatch: 'The signature does not match the body.',
} as const;

function toChange(e: IngestEvent): Change {
  const at = new Date(e.occurredAt);
  switch (e.type) {
    case 'module.started':
      return { kind: 'module', moduleId: e.moduleId, action: 'start', at };
    case 'module.progress':
      return { kind: 'module', moduleId: e.moduleId, action: 'progress', at, percent: e.percent, timeSpentSeconds: e.timeSpentSeconds };
    case 'module.completed':
      return { kind: 'module', moduleId: e.moduleId, action: 'complete', at, score: e.score, timeSpentSeconds: e.timeSpentSeconds };
    case 'certification.earned':
      return {
        kind: 'certification.earned',
        certificationId: e.certificationId,
        at,
        expiresAt: e.expiresAt ? new Date(e.expiresAt) : undefined,
      };
    case 'certification.revoked':
      return { kind: 'certification.revoked', certificationId: e.certificationId, at, reason: e.reason };
  }
}

function toItem(raw: unknown, index: number, checkText: boolean): IngestItem | RefusedItem {
  const parsed = parseItem(IngestEventSchema, raw, { index, prefix: ['events', index], checkText });
  if (!('data' in parsed)) return parsed;
  const e = parsed.data;
  return { id: e.id, partnerId: e.partnerId, source: 'events', type: e.type, change: toChange(e), payload: e };
}

/** `POST /v1/ingest/events`: the training system's signed events. */
export function ingestRoutes(services: Services): Route[] {
  const { config, metrics, clock } = services;
  return [
    route({
      method: 'post',
      path: '/v1/ingest/events',
      summary: 'Training-system events, signed; each applied at most once by its id and answered per item',
      tag: 'training system',
      security: 'training',
      signed: true,
      largeBody: true,
      // Read here: the signature covers the bytes, and each event is checked on its own.
      rawBody: { name: 'IngestBatch', schema: IngestBatchSchema },
      responses: { 200: { description: 'What became of each event', schema: { name: 'IngestResponse', schema: IngestResponseSchema } } },
      handle: async (c) => {
        const body = await readJsonText(c);
        const now = clock.now();
        const failure = verifySignature({
          header: c.req.header(SIGNATURE_HEADER),
          body,
          secrets: config.ingestSigningSecrets,
          toleranceSeconds: config.ingestToleranceSeconds,
          nowSeconds: Math.floor(now.getTime() / 1000),
        });
        if (failure) {
          // A sender whose clock drifted sees by how much, against this server's.
          const reads =
            failure === 'expired' ? ` This server's clock reads t=${Math.floor(now.getTime() / 1000)} (${now.toISOString()}).` : '';
          throw new Problem({
            status: 401,
            slug: 'bad-signature',
            title: 'Signature refused',
            detail: `${SIGNATURE_DETAIL[failure]}${reads}`,
          });
        }
        const { events } = parseInput(Envelope, parseJson(body));
        const checkText = mayHoldUnstorable(body);
        const results = await applyIngest(
          services,
          events.map((raw, index) => toItem(raw, index, checkText)),
        );
        const counts = tally(results);
        for (const [status, n] of Object.entries(counts)) metrics.observeIngested('events', status, n);
        return c.json({ results, ...counts });
      },
    }),
  ];
}
