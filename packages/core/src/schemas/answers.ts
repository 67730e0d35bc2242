import * as z from './zod.ts';
import { CertificationSchema } from './catalog.ts';
import { ModuleChangeSchema } from './events.ts';
import { IdSchema } from './ids.ts';
import { ModuleProgressSchema } from './progress.ts';
import { SnapshotCertificateSchema } from './snapshot.ts';

// What the partner-facing routes (widget token) answer besides the snapshot, the simulation and
// the events: the answers a browser reads, in a module of their own so that the SDK imports them
// without the server-side schemas of api.ts (core is `sideEffects: false`, so a bundler drops the
// modules nothing uses, but keeps every schema of a module it uses). Plain objects: an older
// client reads a newer server's answer.

/** `POST /v1/me/modules/{id}/launch`: where to open the module; `progress` after recording the start. */
export const LaunchResponseSchema = z.object({
  moduleId: IdSchema,
  /** Only http(s): widgets open it. */
  url: z.url({ protocol: /^https?$/ }),
  progress: ModuleProgressSchema,
});
export type LaunchResponse = z.infer<typeof LaunchResponseSchema>;

/**
 * `POST /v1/me/modules/{id}/complete` (self-completed modules only): what the `module.completed`
 * event it causes carries, so a page applies either the same way.
 */
export const CompleteResponseSchema = ModuleChangeSchema;
export type CompleteResponse = z.infer<typeof CompleteResponseSchema>;

/**
 * `GET /v1/me/certificates/{id}`: the certificate, its certification and its signed Open Badges
 * 3.0 credential (a VC-JWT; `null` only for certificates issued before signing existed).
 */
export const CertificateResponseSchema = z.object({
  ...SnapshotCertificateSchema.shape,
  certification: z.nullable(CertificationSchema),
  credential: z.nullable(z.string()),
});
export type CertificateResponse = z.infer<typeof CertificateResponseSchema>;
