import type * as z from 'zod';
import type { ServiceRole } from '../auth/service-keys.ts';

/** Who may call an operation. */
export type Security = 'none' | 'widget' | 'portal' | 'training' | 'admin' | 'portal-admin';

/** The service-key roles each security admits; none for `none` and `widget`. */
export const SERVICE_ROLES: Record<Security, readonly ServiceRole[]> = {
  none: [],
  widget: [],
  portal: ['portal'],
  training: ['training'],
  admin: ['admin'],
  'portal-admin': ['portal', 'admin'],
};

export interface NamedSchema<S extends z.core.$ZodType = z.core.$ZodType> {
  /** Component name in the document. */
  name: string;
  schema: S;
}

/** A path or query parameter object; each field's `.describe()` is its description. */
export type ParameterSchema = z.core.$ZodObject;

/**
 * One operation of the API as the OpenAPI document describes it: the documented half of a
 * route (`http/route.ts`), with the very schemas its input is validated with.
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
  params?: ParameterSchema;
  query?: ParameterSchema;
  body?: NamedSchema;
  /** Success responses by status; `schema` absent for non-JSON. */
  responses: Record<number, { description: string; schema?: NamedSchema; contentType?: string }>;
  /** Refusals particular to this operation (problem+json), by status: a conflict, a change that breaks a rule. */
  refusals?: Partial<Record<409 | 422, string>>;
}
