import {
  CertificationSchema,
  EvaluationSchema,
  IdSchema,
  ModuleProgressSchema,
  SnapshotCertificateSchema,
  TrainingSummarySchema,
  type CertificateResponse,
  type CompleteResponse,
  type LaunchResponse,
} from '@siso/training-core';
import * as z from 'zod/mini';

// Core's schemas/api.ts defines these answers next to the server-side ones (ingestion, xAPI,
// admin, policy). A zod schema is a function call a bundler cannot prove pure, so importing three
// of them from that module would put all of it into every browser bundle (+1.3 KB gzip). These
// are the same shapes, built from core's smaller pieces; `Same` below fails to compile if they
// ever drift from core's types.
//
// (All of this package's own schemas live here: one `import * as z` for a bundler to name.)

/** What a `tokenUrl` answers; a portal's endpoint may add fields, and `expiresAt` is optional. */
export const TokenResponseSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.optional(z.string()) });

export const LaunchResponseSchema = z.object({ moduleId: IdSchema, url: z.url({ protocol: /^https?$/ }), progress: ModuleProgressSchema });

export const CompleteResponseSchema = z.object({
  moduleId: IdSchema,
  progress: ModuleProgressSchema,
  summary: TrainingSummarySchema,
  evaluation: EvaluationSchema,
});

export const CertificateResponseSchema = z.object({
  ...SnapshotCertificateSchema.shape,
  certification: z.nullable(CertificationSchema),
  credential: z.nullable(z.string()),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compiles only while these schemas infer exactly core's types. */
export type ResponsesMatchCore = Assert<
  [
    Same<z.infer<typeof LaunchResponseSchema>, LaunchResponse>,
    Same<z.infer<typeof CompleteResponseSchema>, CompleteResponse>,
    Same<z.infer<typeof CertificateResponseSchema>, CertificateResponse>,
  ] extends [true, true, true]
    ? true
    : false
>;
