import type { Verification as WireVerification } from '@siso/training-core';
import type { OpenBadgeCredential } from './credential.ts';
import type { CertificateSigner } from './signer.ts';

/**
 * What a verifier learns about a certificate (the wire schema's statuses). `tampered` and
 * `unknown` mean it is not authentic; `expired` and `revoked` mean it is authentic but no
 * longer in force.
 */
export type VerificationStatus = WireVerification['status'];

export interface StoredCertificate {
  id: string;
  credential: string;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface Verification {
  status: VerificationStatus;
  /** Stable code for each way a check fails, for clients to translate. */
  reason: string | null;
  credential: OpenBadgeCredential | null;
  revokedAt: string | null;
  revokedReason: string | null;
  expiresAt: string | null;
  checkedAt: string;
}

export interface VerifyOptions {
  signer: CertificateSigner;
  /** The credential presented (a VC-JWT). */
  jwt: string;
  /** Finds the issued certificate the credential names, by its credential id. */
  lookup: (credentialId: string) => Promise<StoredCertificate | undefined>;
  /** The clock's time: expiry is judged against it. */
  now: Date;
}

/** The verdict for a certificate this issuer has no record of. */
export function unknownCertificate(now: Date): Verification {
  return {
    status: 'unknown',
    reason: 'certificate.not_issued',
    credential: null,
    revokedAt: null,
    revokedReason: null,
    expiresAt: null,
    checkedAt: now.toISOString(),
  };
}

/**
 * Verifies a presented certificate: the signature against the published keys, that the
 * issuer still holds exactly this credential, then revocation and expiry.
 *
 * @example
 * const result = await verifyCertificate({ signer, jwt, lookup: (id) => findByCredentialId(db, id), now: clock.now() });
 */
export async function verifyCertificate({ signer, jwt, lookup, now }: VerifyOptions): Promise<Verification> {
  const checkedAt = now.toISOString();
  const result = (
    status: VerificationStatus,
    reason: string | null,
    credential: OpenBadgeCredential | null,
    stored?: StoredCertificate,
  ): Verification => ({
    status,
    reason,
    credential,
    revokedAt: stored?.revokedAt?.toISOString() ?? null,
    revokedReason: stored?.revokedReason ?? null,
    expiresAt: stored?.expiresAt.toISOString() ?? credential?.validUntil ?? null,
    checkedAt,
  });

  let credential: OpenBadgeCredential;
  try {
    credential = await signer.open(jwt);
  } catch {
    return result('tampered', 'signature.invalid', null);
  }
  const stored = typeof credential.id === 'string' ? await lookup(credential.id) : undefined;
  if (!stored) return { ...unknownCertificate(now), credential };
  // A valid signature over a different credential than the one issued (an older key's copy,
  // say) is not this certificate.
  if (stored.credential !== jwt) return result('tampered', 'credential.mismatch', credential, stored);
  if (stored.revokedAt) return result('revoked', 'certificate.revoked', credential, stored);
  if (stored.expiresAt.getTime() <= now.getTime()) return result('expired', 'certificate.expired', credential, stored);
  return result('valid', null, credential, stored);
}
