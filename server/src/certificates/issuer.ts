import type { Catalog } from '@siso/training-core';
import { buildCredential } from './credential.ts';
import { statusListEntry } from './status-list.ts';
import type { CertificateSigner } from './signer.ts';

export interface IssueCredentialOptions {
  /** With its place in the status lists, allocated by the writer. */
  certificate: { id: string; certificationId: string; issuedAt: Date; expiresAt: Date; statusIndex: number | null };
  partner: { id: string; name: string };
  catalog: Catalog;
  publicUrl: string;
}

/** Turns an issued certificate into its signed Open Badges credential. */
export class CertificateIssuer {
  readonly signer: CertificateSigner;
  readonly issuerName: string;

  constructor({ signer, issuerName }: { signer: CertificateSigner; issuerName: string }) {
    this.signer = signer;
    this.issuerName = issuerName;
  }

  /**
   * @example
   * const jwt = await issuer.credentialFor({ certificate, partner, catalog, publicUrl });
   */
  async credentialFor({ certificate, partner, catalog, publicUrl }: IssueCredentialOptions): Promise<string> {
    const certification = catalog.certifications.find((c) => c.id === certificate.certificationId);
    if (!certification) throw new Error(`no certification "${certificate.certificationId}" in the catalog`);
    if (certificate.statusIndex === null) throw new Error(`certificate "${certificate.id}" has no place in the status lists`);
    return this.signer.sign(
      buildCredential({
        certificateId: certificate.id,
        publicUrl,
        issuerName: this.issuerName,
        partner,
        certification,
        modules: catalog.modules,
        issuedAt: certificate.issuedAt,
        expiresAt: certificate.expiresAt,
        status: statusListEntry(publicUrl, certificate.statusIndex),
      }),
    );
  }
}
