import type { VerificationStatus } from './verify.ts';

/** The languages of the certificate page, the default first. */
export const PAGE_LANGUAGES = ['en', 'de'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

type Tone = 'ok' | 'warn' | 'bad';

export interface PageText {
  verdicts: Record<VerificationStatus, { title: string; tone: Tone; detail: string }>;
  awardedTo: string;
  issuedBy: string;
  validFrom: string;
  validUntil: string;
  revoked: string;
  checked: string;
  print: string;
  verifyAt: string;
  qrLabel: string;
  proofSummary: string;
  proofKeys: string;
  /** What the holder achieved: the certification's required modules, and its passing score. */
  criteria: (modules: string, passingScore: number) => string;
  /** "A", "A and B", "A, B and C". */
  list: (items: readonly string[]) => string;
}

const joined = (and: string) => (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

// German in the Sie-form, as the elements' German is. The proof paragraph addresses the verifier.
export const PAGE_TEXT: Record<PageLanguage, PageText> = {
  en: {
    verdicts: {
      valid: { title: 'Valid certificate', tone: 'ok', detail: 'Issued by the SISO partner program, unaltered and in force.' },
      pending: { title: 'Not yet valid', tone: 'warn', detail: 'Authentic, but in force only from the date below.' },
      expired: { title: 'Expired certificate', tone: 'warn', detail: 'Authentic, but its validity period has ended.' },
      revoked: { title: 'Revoked certificate', tone: 'bad', detail: 'Authentic, but the issuer has revoked it.' },
      tampered: { title: 'Not authentic', tone: 'bad', detail: 'The credential does not match what the issuer signed.' },
      unknown: { title: 'Unknown certificate', tone: 'bad', detail: 'The issuer has no record of this certificate.' },
    },
    awardedTo: 'Awarded to',
    issuedBy: 'Issued by',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    revoked: 'Revoked',
    checked: 'Checked',
    print: 'Print certificate',
    verifyAt: 'Check this certificate at any time at',
    qrLabel: 'QR code of the verification address',
    proofSummary: 'Signed credential (Open Badges 3.0, VC-JWT, Ed25519)',
    proofKeys: 'Verify it yourself against the issuer’s public keys at',
    criteria: (modules, score) => `Completed ${modules}, and passed each assessment with a score of at least ${score} out of 100.`,
    list: joined('and'),
  },
  de: {
    verdicts: {
      valid: { title: 'Gültiges Zertifikat', tone: 'ok', detail: 'Vom SISO-Partnerprogramm ausgestellt, unverändert und gültig.' },
      pending: { title: 'Noch nicht gültig', tone: 'warn', detail: 'Echt, aber erst ab dem unten genannten Datum gültig.' },
      expired: { title: 'Abgelaufenes Zertifikat', tone: 'warn', detail: 'Echt, aber die Gültigkeit ist abgelaufen.' },
      revoked: { title: 'Widerrufenes Zertifikat', tone: 'bad', detail: 'Echt, aber vom Aussteller widerrufen.' },
      tampered: { title: 'Nicht echt', tone: 'bad', detail: 'Der Nachweis stimmt nicht mit dem überein, was der Aussteller signiert hat.' },
      unknown: { title: 'Unbekanntes Zertifikat', tone: 'bad', detail: 'Beim Aussteller ist kein solches Zertifikat verzeichnet.' },
    },
    awardedTo: 'Verliehen an',
    issuedBy: 'Ausgestellt von',
    validFrom: 'Gültig ab',
    validUntil: 'Gültig bis',
    revoked: 'Widerrufen',
    checked: 'Geprüft am',
    print: 'Zertifikat drucken',
    verifyAt: 'Dieses Zertifikat können Sie jederzeit prüfen unter',
    qrLabel: 'QR-Code der Prüfadresse',
    proofSummary: 'Signierter Nachweis (Open Badges 3.0, VC-JWT, Ed25519)',
    proofKeys: 'Sie können ihn selbst mit den öffentlichen Schlüsseln des Ausstellers prüfen:',
    criteria: (modules, score) => `Hat ${modules} abgeschlossen und jede Prüfung mit mindestens ${score} von 100 Punkten bestanden.`,
    list: joined('und'),
  },
};
