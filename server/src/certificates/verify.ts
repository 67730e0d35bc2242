import { certificateStatuses, type Verification as WireVerification } from '@siso/training-core';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { OpenBadgeCredential } from './credential.ts';
import type { CertificateSigner } from './signer.ts';

/**
 * What a verifier learns about a certificate (the wire schema's statuses). `tampered` and
 * `unknown` mean it is not authentic; `pending`, `expired` and `revoked` mean it is authentic
 * but not in force.
 */
export type VerificationStatus = WireVerification['status'];

export interface StoredCertificate {
  id: string;
  certificationId: string;
  credential: string;
  issuedAt: Date;
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
 * Whether `jwt` is a JWT at all: a protected header and a payload that are base64url JSON. One
 * that is not is a malformed request; one that is but does not verify is `tampered`.
 */
export function isWellFormedJwt(jwt: string): boolean {
  try {
    decodeProtectedHeader(jwt);
    decodeJwt(jwt);
    return true;
  } catch {
    return false;
  }
}

/** Core's one certificate-status rule, as a verifier sees it (no warning window: `expiring` is in force). */
function standing(stored: StoredCertificate, now: Date): 'valid' | 'pending' | 'expired' | 'revoked' {
  const status = certificateStatuses({
    certificates: [
      {
        certificationId: stored.certificationId,
        issuedAt: stored.issuedAt.toISOString(),
        expiresAt: stored.expiresAt.toISOString(),
        revokedAt: stored.revokedAt?.toISOString() ?? null,
      },
    ],
    now,
    warningDays: 0,
  })[0]!;
  return status === 'active' || status === 'expiring' ? 'valid' : status;
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
  const status = standing(stored, now);
  return result(status, status === 'valid' ? null : `certificate.${status}`, credential, stored);
}
