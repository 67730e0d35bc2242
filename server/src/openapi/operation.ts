import type * as z from 'zod';

/** Who may call an operation. */
export type Security = 'none' | 'widget' | 'portal' | 'training' | 'admin' | 'portal-admin';

export interface NamedSchema {
  /** Component name in the document. */
  name: string;
  schema: z.core.$ZodType;
}

/**
 * One operation of the API as the OpenAPI document describes it. Each routes file lists the
 * operations it serves next to the handlers, with the very schemas the handlers validate with.
 */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, e.g. `/v1/partners/{id}`. */
  path: string;
  summary: string;
  tag: string;
  security: Security;
  /** Needs `Siso-Signature`. */
  signed?: boolean;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: NamedSchema;
  /** Success responses by status; `schema` absent for non-JSON. */
  responses: Record<number, { description: string; schema?: NamedSchema; contentType?: string }>;
  /** Refusals particular to this operation (problem+json), by status: a conflict, a change that breaks a rule. */
  refusals?: Partial<Record<409 | 422, string>>;
}
