import * as z from 'zod';
import { ProblemSchema, TimestampSchema } from '@siso/training-core';
import type { NamedSchema, Operation, Security } from './operation.ts';

const SECURITY: Record<Security, { requirement: Record<string, string[]>[]; note: string }> = {
  none: { requirement: [], note: 'No credential.' },
  widget: { requirement: [{ widgetToken: [] }], note: 'Widget token.' },
  portal: { requirement: [{ serviceKey: [] }], note: 'Service key with role `portal`.' },
  training: { requirement: [{ serviceKey: [] }], note: 'Service key with role `training`.' },
  admin: { requirement: [{ serviceKey: [] }], note: 'Service key with role `admin`.' },
  'portal-admin': { requirement: [{ serviceKey: [] }], note: 'Service key with role `portal` or `admin`.' },
};

// Said here rather than in core, where it would ship to every browser that loads the schema.
z.globalRegistry.add(TimestampSchema, { format: 'date-time' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/**
 * The OpenAPI 3.1 document, generated from the operations each routes file lists and the zod
 * schemas their handlers validate with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 *
 * @example
 * app.get('/openapi.json', (c) => c.json(openApiDocument({ operations, serverUrl })));
 */
export function openApiDocument({ operations, serverUrl, version }: { operations: readonly Operation[]; serverUrl: string; version: string }) {
  const schemas: Record<string, unknown> = {};
  // Every schema as what its reader must accept (`io: 'input'`), answers too: an answer object
  // drops unknown keys, so a client of this version must accept fields a newer server adds, and
  // `output` would document it with `additionalProperties: false`. Requests are strict objects
  // and say so either way. (No schema here transforms, so input and output are otherwise alike.)
  const ref = ({ name, schema }: NamedSchema) => {
    const key = name;
    if (!(key in schemas)) {
      const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      schemas[key] = json;
    }
    return { $ref: `#/components/schemas/${key}` };
  };
  ref({ name: 'Problem', schema: ProblemSchema });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const security = SECURITY[op.security];
    const parameters = [
      ...Object.entries(op.params ?? {}).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })),
      ...Object.entries(op.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } })),
      ...(op.signed
        ? [{ name: 'Siso-Signature', in: 'header', required: true, description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`', schema: { type: 'string' } }]
        : []),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: ref(r.schema) } } } : { description: r.description };
    }
    if (op.body || op.query || op.params) responses['400'] = problem('Invalid input; `errors` lists each field');
    if (op.security !== 'none') responses['401'] = problem('Missing, malformed, expired or unknown credential');
    if (op.security !== 'none' && op.security !== 'widget') responses['403'] = problem('A service key of another role');
    if (op.params || op.security === 'widget') responses['404'] = problem('Not found');
    if (op.body) {
      responses['413'] = problem('Body too large');
      responses['415'] = problem('Body is not JSON');
    }
    for (const [status, description] of Object.entries(op.refusals ?? {})) responses[status] = problem(description);
    if (op.security !== 'none') responses['429'] = problem('Rate limit of this credential reached; see Retry-After');
    responses['503'] = problem('The database cannot be reached');
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: security.note,
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      security: security.requirement,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SISO Training API',
      version,
      description: 'Training progress, tiers and commission for the SISO partner program. Every error is application/problem+json.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        widgetToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Short-lived widget token from POST /v1/widget-tokens; reaches /v1/me/* only.' },
        serviceKey: { type: 'http', scheme: 'bearer', description: 'Service key `sk_<role>_…` (roles: portal, training, admin).' },
      },
    },
  };
}
