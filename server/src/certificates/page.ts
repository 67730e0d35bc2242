import encodeQR from 'qr';
import { PAGE_TEXT, type PageLanguage } from './page-text.ts';
import type { Verification } from './verify.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export interface CertificatePageOptions {
  verification: Verification;
  /** The signed credential, embedded so a printed or saved page carries its own proof. */
  jwt: string | null;
  jwksUrl: string;
  /** Where the certificate is verified (this page); printed with its QR code. Null for an unknown one. */
  verifyUrl: string | null;
  lang: PageLanguage;
  /** What the holder achieved, in `lang`; the credential's own (English) criteria when null. */
  criteria: string | null;
}

/**
 * The QR code of `url` as inline SVG (drawn by `qr`, which writes only a path: nothing the CSP
 * refuses), labelled for screen readers.
 */
function qrCode(url: string, label: string): string {
  const svg = encodeQR(url, 'svg', { ecc: 'medium', border: 2 });
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escape(label)}" `);
}

/**
 * The human-readable verification page, printable as the certificate itself: the verdict, the
 * holder and what they achieved, the verification address with its QR code (both printed), and
 * the signed credential. Everything from data is escaped; no inline script or style (the page is
 * served under the strict CSP): the print button is wired by /static/certificate.js and stays
 * hidden without it.
 */
export function renderCertificatePage({ verification, jwt, jwksUrl, verifyUrl, lang, criteria }: CertificatePageOptions): string {
  const text = PAGE_TEXT[lang];
  const head = text.verdicts[verification.status];
  const vc = verification.credential;
  const subject = vc?.credentialSubject;
  const date = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso)) : '—';
  const revoked = verification.revokedAt
    ? `${date(verification.revokedAt)}${verification.revokedReason ? ` — ${verification.revokedReason}` : ''}`
    : null;
  const rows: [string, string][] = [
    ...(vc
      ? ([
          [text.awardedTo, subject?.name ?? '—'],
          [text.issuedBy, vc.issuer.name],
          [text.validFrom, date(vc.validFrom)],
          [text.validUntil, date(vc.validUntil)],
        ] as [string, string][])
      : []),
    ...(revoked ? ([[text.revoked, revoked]] as [string, string][]) : []),
    [text.checked, date(verification.checkedAt)],
  ];
  // The credential's criteria are English: marked so, should they be shown on a German page.
  const achieved = criteria ?? subject?.achievement.criteria.narrative ?? '';
  const achievedLang = criteria === null && lang !== 'en' ? ' lang="en"' : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(head.title)}${vc ? ` — ${escape(vc.name)}` : ''}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/certificate.css">
<script type="module" src="/static/certificate.js"></script>
</head>
<body>
<main class="certificate tone-${head.tone}">
<p class="status" role="status">${escape(head.title)}</p>
<p class="detail">${escape(head.detail)}</p>
${
  vc
    ? `<h1>${escape(vc.name)}</h1>
<p class="subject">${escape(subject?.name ?? '')}</p>
<p class="criteria"${achievedLang}>${escape(achieved)}</p>`
    : ''
}
<dl>
${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('\n')}
</dl>
${
  verifyUrl
    ? `<div class="verify">
${qrCode(verifyUrl, text.qrLabel)}
<p>${escape(text.verifyAt)}<br><a href="${escape(verifyUrl)}">${escape(verifyUrl)}</a></p>
</div>`
    : ''
}
<button type="button" class="print" data-print hidden>${escape(text.print)}</button>
${
  jwt
    ? `<details class="proof"><summary>${escape(text.proofSummary)}</summary>
<p>${escape(text.proofKeys)} <a href="${escape(jwksUrl)}">${escape(jwksUrl)}</a></p>
<pre class="jwt">${escape(jwt)}</pre></details>`
    : ''
}
</main>
</body>
</html>
`;
}
