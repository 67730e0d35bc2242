import * as z from 'zod';
import { ProblemSchema, SIGNATURE_FORMAT, TimestampSchema } from '@siso/training-core';
import { SERVICE_ROLES, type NamedSchema, type Operation, type ParameterSchema, type Security } from './operation.ts';

// OpenAPI 3.1 lets a non-OAuth requirement list the roles it needs: one alternative per role.
function requirement(security: Security): Record<string, string[]>[] {
  if (security === 'none') return [];
  if (security === 'widget') return [{ widgetToken: [] }];
  return SERVICE_ROLES[security].map((role) => ({ serviceKey: [role] }));
}

function note(security: Security): string {
  if (security === 'none') return 'No credential.';
  if (security === 'widget') return 'Widget token.';
  return `Service key with role ${SERVICE_ROLES[security].map((r) => `\`${r}\``).join(' or ')}.`;
}

/** Path or query parameters from their zod object: each field's schema and description. */
function parameters(schema: ParameterSchema | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...field }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: field,
  }));
}

// Said here rather than in core, where it would ship to every browser that loads the schema.
z.globalRegistry.add(TimestampSchema, { format: 'date-time' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The OpenAPI 3.1 document, generated from the operations each routes file lists and the zod
 * schemas their handlers validate with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 *
 * @example
 * app.get('/openapi.json', (c) => c.json(openApiDocument({ operations, serverUrl })));
 */
export function openApiDocument({
  operations,
  serverUrl,
  version,
}: {
  operations: readonly Operation[];
  serverUrl: string;
  version: string;
}) {
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
    const params = [
      ...parameters(op.params, 'path'),
      ...parameters(op.query, 'query'),
      ...(op.signed
        ? [{ name: 'Siso-Signature', in: 'header', required: true, description: `\`${SIGNATURE_FORMAT}\``, schema: { type: 'string' } }]
        : []),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const type = r.contentType ?? (r.schema ? 'application/json' : undefined);
      responses[status] = type
        ? { description: r.description, content: { [type]: r.schema ? { schema: ref(r.schema) } : {} } }
        : { description: r.description };
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
      description: note(op.security),
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      security: requirement(op.security),
      ...(params.length > 0 ? { parameters: params } : {}),
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
        widgetToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Short-lived widget token from POST /v1/widget-tokens; reaches /v1/me/* only.',
        },
        serviceKey: { type: 'http', scheme: 'bearer', description: 'Service key `sk_<role>_…` (roles: portal, training, admin).' },
      },
    },
  };
}
