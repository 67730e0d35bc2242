import type { Achievement, BitstringStatusListEntry, Certification, IssuerProfile, Module, OpenBadgeCredential } from '@siso/training-core';

import { PAGE_TEXT } from './page-text.ts';

export type { OpenBadgeCredential };

// The credential speaks English; the page says the same in the reader's language.
const english = PAGE_TEXT.en;

/** The W3C VC 2.0 and Open Badges 3.0 JSON-LD contexts, in the order the specification lists them. */
export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

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
  /** Its entry in the revocation status list (`statusListEntry`). */
  status: BitstringStatusListEntry;
}

/**
 * An Open Badges 3.0 `OpenBadgeCredential` for one certificate (unsigned; see `CertificateSigner`).
 *
 * @example
 * const vc = buildCredential({ certificateId, publicUrl, issuerName: 'SISO Partner Program', partner, certification, modules,
 *   issuedAt, expiresAt, status: statusListEntry(publicUrl, statusIndex) });
 */
export function buildCredential(options: BuildCredentialOptions): OpenBadgeCredential {
  const { publicUrl, certification, partner } = options;
  return {
    '@context': [...CREDENTIAL_CONTEXT],
    id: `${publicUrl}/v1/certificates/${encodeURIComponent(options.certificateId)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: certification.name,
    issuer: issuerProfile({ publicUrl, issuerName: options.issuerName }),
    validFrom: options.issuedAt.toISOString(),
    validUntil: options.expiresAt.toISOString(),
    credentialSubject: {
      id: `urn:siso:partner:${encodeURIComponent(partner.id)}`,
      type: ['AchievementSubject'],
      name: partner.name,
      achievement: achievement({ publicUrl, certification, modules: options.modules }),
    },
    credentialStatus: options.status,
  };
}

/** The issuer's id: its profile's URL, under which its keys are published too. */
export const issuerIdAt = (publicUrl: string): string => `${publicUrl}/v1/issuer`;

/** The issuer's OB 3.0 `Profile`: in every credential, and at its id (`/v1/issuer`). */
export function issuerProfile({ publicUrl, issuerName }: { publicUrl: string; issuerName: string }): IssuerProfile {
  return { id: issuerIdAt(publicUrl), type: ['Profile'], name: issuerName, url: publicUrl };
}

/**
 * A certification as an OB 3.0 `Achievement`: in every credential of it, and at its id
 * (`/v1/achievements/{id}`). The criteria say what a holder achieved, not what to do.
 */
export function achievement({
  publicUrl,
  certification,
  modules,
}: {
  publicUrl: string;
  certification: Certification;
  modules: readonly Pick<Module, 'id' | 'title'>[];
}): Achievement {
  const titles = requiredTitles(certification, modules);
  const id = `${publicUrl}/v1/achievements/${encodeURIComponent(certification.id)}`;
  return {
    id,
    type: ['Achievement'],
    achievementType: 'Certification',
    name: certification.name,
    description: `${certification.name}, ${certification.level === 'advanced' ? 'an advanced' : 'a foundation'} certification of the SISO partner program.`,
    criteria: {
      id: `${id}#criteria`,
      narrative: english.criteria(english.list(titles), certification.passingScore),
    },
  };
}

/** The titles of a certification's required modules (its id where the catalog has no such module). */
export const requiredTitles = (certification: Certification, modules: readonly Pick<Module, 'id' | 'title'>[]): string[] =>
  certification.requiredModules.map((id) => modules.find((m) => m.id === id)?.title ?? id);
