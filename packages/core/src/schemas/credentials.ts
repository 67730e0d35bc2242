import * as z from 'zod/mini';
import { TimestampSchema } from './ids.ts';

// The Open Badges 3.0 documents the server publishes, as they go over the wire: the credential
// of a certificate, and what its ids resolve to (the issuer's profile, the achievement). Answers,
// so plain objects: a verifier ignores what it does not know. Browsers never load this module.

const ContextSchema = z.array(z.string());

/** OB 3.0 `Profile`: who issues (`/v1/issuer`); embedded in each credential as `issuer`. */
export const IssuerProfileSchema = z.object({
  '@context': z.optional(ContextSchema),
  id: z.url(),
  type: z.tuple([z.literal('Profile')]),
  name: z.string(),
  url: z.url(),
  description: z.optional(z.string()),
});
export type IssuerProfile = z.infer<typeof IssuerProfileSchema>;

/** OB 3.0 `Achievement`: a certification (`/v1/achievements/{id}`); embedded in each credential. */
export const AchievementSchema = z.object({
  '@context': z.optional(ContextSchema),
  id: z.url(),
  type: z.tuple([z.literal('Achievement')]),
  achievementType: z.literal('Certification'),
  name: z.string(),
  description: z.string(),
  /** What was achieved to earn it. */
  criteria: z.object({ id: z.optional(z.url()), narrative: z.string() }),
  creator: z.optional(IssuerProfileSchema),
});
export type Achievement = z.infer<typeof AchievementSchema>;

/**
 * One of the issuer's public Ed25519 keys as a JWK (RFC 8037), at `/v1/issuer/keys/{id}` and in
 * `/.well-known/jwks.json`. Its `kid` is its own URL, which is what the header of every VC-JWT the
 * issuer signs names (Open Badges 3.0 §8.2: a `kid` must dereference to the key).
 */
export const PublicKeyJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.url(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export type PublicKeyJwk = z.infer<typeof PublicKeyJwkSchema>;

/**
 * W3C Bitstring Status List v1.0 `BitstringStatusListEntry`: the credential's bit in a revocation
 * list (`statusListIndex` is a decimal string, per the specification).
 */
export const BitstringStatusListEntrySchema = z.object({
  id: z.url(),
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.literal('revocation'),
  statusListIndex: z.string().check(z.regex(/^(0|[1-9][0-9]*)$/)),
  statusListCredential: z.url(),
});
export type BitstringStatusListEntry = z.infer<typeof BitstringStatusListEntrySchema>;

/**
 * OB 3.0 `OpenBadgeCredential` of one certificate (`/v1/certificates/{id}` as JSON). Certificates
 * issued before status lists existed carry no `credentialStatus`.
 */
export const OpenBadgeCredentialSchema = z.object({
  '@context': ContextSchema,
  id: z.url(),
  type: z.tuple([z.literal('VerifiableCredential'), z.literal('OpenBadgeCredential')]),
  name: z.string(),
  issuer: IssuerProfileSchema,
  validFrom: TimestampSchema,
  validUntil: TimestampSchema,
  credentialSubject: z.object({
    id: z.string(),
    type: z.tuple([z.literal('AchievementSubject')]),
    name: z.string(),
    achievement: AchievementSchema,
  }),
  credentialStatus: z.optional(BitstringStatusListEntrySchema),
});
export type OpenBadgeCredential = z.infer<typeof OpenBadgeCredentialSchema>;
