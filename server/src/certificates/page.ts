import type { Verification, VerificationStatus } from './verify.ts';

const HEADLINES: Record<VerificationStatus, { title: string; tone: 'ok' | 'warn' | 'bad'; detail: string }> = {
  valid: { title: 'Valid certificate', tone: 'ok', detail: 'Issued by the SISO partner program, unaltered and in force.' },
  expired: { title: 'Expired certificate', tone: 'warn', detail: 'Authentic, but its validity period has ended.' },
  revoked: { title: 'Revoked certificate', tone: 'bad', detail: 'Authentic, but the issuer has revoked it.' },
  tampered: { title: 'Not authentic', tone: 'bad', detail: 'The credential does not match what the issuer signed.' },
  unknown: { title: 'Unknown certificate', tone: 'bad', detail: 'The issuer has no record of this certificate.' },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const date = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso)) : '—';

export interface CertificatePageOptions {
  verification: Verification;
  /** The signed credential, embedded so a printed or saved page carries its own proof. */
  jwt: string | null;
  jwksUrl: string;
}

/**
 * The human-readable verification page, printable as the certificate itself. Everything from
 * data is escaped; no inline script or style (the page is served under the strict CSP).
 */
export function renderCertificatePage({ verification, jwt, jwksUrl }: CertificatePageOptions): string {
  const head = HEADLINES[verification.status];
  const vc = verification.credential;
  const subject = vc?.credentialSubject;
  const rows: [string, string][] = vc
    ? [
        ['Awarded to', subject?.name ?? '—'],
        ['Certification', vc.name],
        ['Issued by', vc.issuer.name],
        ['Valid from', date(vc.validFrom)],
        ['Valid until', date(vc.validUntil)],
        ...(verification.revokedAt
          ? ([['Revoked', `${date(verification.revokedAt)}${verification.revokedReason ? ` — ${verification.revokedReason}` : ''}`]] as [
              string,
              string,
            ][])
          : []),
        ['Checked', date(verification.checkedAt)],
      ]
    : [['Checked', date(verification.checkedAt)]];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(head.title)}${vc ? ` — ${escape(vc.name)}` : ''}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/certificate.css">
</head>
<body>
<main class="certificate tone-${head.tone}">
<p class="status" role="status">${escape(head.title)}</p>
<p class="detail">${escape(head.detail)}</p>
${
  vc
    ? `<h1>${escape(vc.name)}</h1>
<p class="subject">${escape(subject?.name ?? '')}</p>
<p class="criteria">${escape(subject?.achievement.criteria.narrative ?? '')}</p>`
    : ''
}
<dl>
${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('\n')}
</dl>
${
  jwt
    ? `<details class="proof"><summary>Signed credential (Open Badges 3.0, VC-JWT, Ed25519)</summary>
<p>Verify it yourself against the issuer's public keys at <a href="${escape(jwksUrl)}">${escape(jwksUrl)}</a>.</p>
<pre class="jwt">${escape(jwt)}</pre></details>`
    : ''
}
</main>
</body>
</html>
`;
}
