import * as z from 'zod/mini';
import { CertificationSchema } from './catalog.ts';
import { IdSchema } from './ids.ts';
import { CertificateSchema } from './state.ts';

// What the engine works out about a partner's standing for the server and the portal, but no
// partner-facing answer carries. Apart from evaluation.ts so that browser bundles, which import
// that module, do not carry these (nor state.ts, which they need): a re-export from there would
// bring them back. The package index exports them.

export const CertificationStateSchema = z.enum(['active', 'due', 'expired', 'revoked', 'in_progress', 'not_started']);
export type CertificationState = z.infer<typeof CertificationStateSchema>;

export const CertificationStatusSchema = z.strictObject({
  certificationId: IdSchema,
  level: CertificationSchema.shape.level,
  /**
   * `due`: every required module passed since the last certificate, so one should be issued (also
   * while a certificate is still active: an early renewal).
   */
  state: CertificationStateSchema,
  /** Required modules that count: completed, passed, and since the last certificate. */
  completed: z.int(),
  required: z.int(),
  /** Required modules not yet completed, in the certification's order. */
  missing: z.array(IdSchema),
  /** Required modules completed with a score below the passing score (or none). */
  belowPassing: z.array(IdSchema),
  /** Required modules passed before the last certificate was issued: a renewal takes them again. */
  retake: z.array(IdSchema),
  /** The latest certificate for it, if any. */
  certificate: z.nullable(CertificateSchema),
});
export type CertificationStatus = z.infer<typeof CertificationStatusSchema>;
