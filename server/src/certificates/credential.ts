import type { Certification, Module } from '@siso/training-core';

/** The W3C VC 2.0 and Open Badges 3.0 JSON-LD contexts, in the order the specification lists them. */
export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

export interface OpenBadgeCredential {
  '@context': readonly string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    name: string;
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certification';
      name: string;
      description: string;
      criteria: { id: string; narrative: string };
    };
  };
}

export interface BuildCredentialOptions {
  /** The certificate's id; the credential id is its public URL. */
  certificateId: string;
  publicUrl: string;
  issuerName: string;
  partner: { id: string; name: string };
  certification: Certification;
  /** The catalog's modules, to name the required ones in the criteria. */
  modules: readonly Pick<Module, 'id' | 'title'>[];
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * An Open Badges 3.0 `OpenBadgeCredential` for one certificate (unsigned; see `CertificateSigner`).
 *
 * @example
 * const vc = buildCredential({ certificateId, publicUrl, issuerName: 'SISO Partner Program', partner, certification, modules, issuedAt, expiresAt });
 */
export function buildCredential(options: BuildCredentialOptions): OpenBadgeCredential {
  const { publicUrl, certification, partner } = options;
  const titles = certification.requiredModules.map((id) => options.modules.find((m) => m.id === id)?.title ?? id);
  const achievementUrl = `${publicUrl}/v1/achievements/${encodeURIComponent(certification.id)}`;
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: `${publicUrl}/v1/certificates/${encodeURIComponent(options.certificateId)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: certification.name,
    issuer: { id: `${publicUrl}/v1/issuer`, type: ['Profile'], name: options.issuerName, url: publicUrl },
    validFrom: options.issuedAt.toISOString(),
    validUntil: options.expiresAt.toISOString(),
    credentialSubject: {
      id: `urn:siso:partner:${encodeURIComponent(partner.id)}`,
      type: ['AchievementSubject'],
      name: partner.name,
      achievement: {
        id: achievementUrl,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: certification.name,
        description: `${certification.name}, ${certification.level === 'advanced' ? 'an advanced' : 'a foundation'} certification of the SISO partner program.`,
        criteria: {
          id: `${achievementUrl}#criteria`,
          narrative: `Complete ${titles.join(', ')} with an assessment score of at least ${certification.passingScore}.`,
        },
      },
    },
  };
}
