import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates } from '../db/schema.ts';
import type { StoredCertificate } from './verify.ts';

export type CertificateRecord = StoredCertificate & { partnerId: string };

// Certificate ids are random UUIDs (lower case, as issued). Anything else is no certificate, and
// is answered so without a query: PostgreSQL would refuse some of it (a NUL) as a query error.
const CERTIFICATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isCertificateId = (id: string): boolean => CERTIFICATE_ID.test(id);

/**
 * A certificate by its id alone, as a verifier knows it. (The one read not led by partner id:
 * certificate ids are random UUIDs, unique across partners, and verification is rare.)
 */
export async function findCertificate(db: Db, id: string): Promise<CertificateRecord | undefined> {
  if (!isCertificateId(id)) return undefined;
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  if (!row || row.credential === null) return undefined;
  return {
    id: row.id,
    partnerId: row.partnerId,
    certificationId: row.certificationId,
    credential: row.credential,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
  };
}

/** The certificate id inside a credential id (`<publicUrl>/v1/certificates/<id>`). */
export function certificateIdOf(credentialId: string): string {
  const last = credentialId.split('/').at(-1) ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return '';
  }
}
