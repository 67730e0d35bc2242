import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type * as z from 'zod';
import type { NamedSchema, Operation, ParameterSchema } from '../openapi/operation.ts';
import { streamRefusals } from '../events/stream-refusal.ts';
import { parseInput, readBody } from './validate.ts';
import '../context.ts';

export type RouteContext = Context<{ Bindings: HttpBindings }>;

type Out<S> = S extends z.core.$ZodType ? z.core.output<S> : undefined;

/** What `handle` receives: the path, query and body, each already validated by its schema. */
export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

/**
 * One route, written once: method, path, who may call it, its input and answer schemas, and its
 * handler. Mounting, authentication, the OpenAPI entry and the authorization test all come from
 * this one definition.
 */
export interface RouteDefinition<P, Q, B> extends Omit<Operation, 'params' | 'query' | 'body'> {
  params?: P;
  query?: Q;
  /** A JSON body, validated before `handle` (415 for another media type, 400 per field). */
  body?: NamedSchema<B & z.core.$ZodType>;
  /**
   * A JSON body the handler reads itself (`readJsonText`), documented by this schema: for routes
   * that check a signature over the bytes, or each item of a batch on its own.
   */
  rawBody?: NamedSchema;
  /** Ingestion batches may be larger than other bodies. */
  largeBody?: boolean;
  handle(c: RouteContext, input: RouteInput<P, Q, B>): Response | Promise<Response>;
}

/** A route with its input types erased, ready to mount. */
export interface Route extends Operation {
  largeBody?: boolean;
  handle(c: RouteContext): Promise<Response>;
}

/**
 * Defines a route; `handle` gets its input parsed by the schemas the document shows.
 *
 * @example
 * route({ method: 'get', path: '/v1/catalog', summary: 'Modules', tag: 'catalog', security: 'portal-admin',
 *   responses: { 200: { description: 'The catalog', schema: { name: 'Catalog', schema: CatalogSchema } } },
 *   handle: async (c) => c.json(await catalog()) });
 */
export function route<
  P extends ParameterSchema | undefined = undefined,
  Q extends ParameterSchema | undefined = undefined,
  B extends z.core.$ZodType | undefined = undefined,
>(definition: RouteDefinition<P, Q, B>): Route {
  const { handle, rawBody, largeBody, params, query, body, ...operation } = definition;
  const parse = async (c: RouteContext): Promise<RouteInput<P, Q, B>> => ({
    params: (params ? parseInput(params, c.req.param()) : undefined) as Out<P>,
    query: (query ? parseInput(query, c.req.query()) : undefined) as Out<Q>,
    body: (body ? await readBody(c, body.schema) : undefined) as Out<B>,
  });
  return {
    ...operation,
    ...(params ? { params } : {}),
    ...(query ? { query } : {}),
    ...(body ? { body } : rawBody ? { body: rawBody } : {}),
    ...(largeBody ? { largeBody } : {}),
    handle: async (c) => handle(c, await parse(c)),
  };
}

/**
 * Mounts each route at its path (OpenAPI `{id}` as Hono's `:id`) behind the middleware `guard`
 * gives it: body limit, authentication, rate limit. An event-stream route answers a refusal that
 * waiting will change as a short stream (`streamRefusals`).
 */
export function mountRoutes(app: Hono, routes: readonly Route[], guard: (route: Route) => MiddlewareHandler[]): void {
  const api = new Hono<{ Bindings: HttpBindings }>();
  for (const r of routes) {
    const method = r.method.toUpperCase();
    const path = r.path.replace(/\{(\w+)\}/g, ':$1');
    if (r.responses[200]?.contentType === 'text/event-stream') api.on(method, path, streamRefusals);
    api.on(method, path, every(...guard(r)), (c) => r.handle(c));
  }
  app.route('/', api);
}
