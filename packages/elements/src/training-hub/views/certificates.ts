import { requiredModules } from '@siso/training-core';
import { html, nothing } from 'lit';
import { bar } from '../../internal/bar.ts';
import { keyedMap } from '../../internal/keyed-map.ts';
import { isWebUrl } from '../../internal/web-url.ts';
import { section, separated, type HubView } from './view.ts';

/** Which certificate's link was just copied, and how to copy one. */
export interface CopyLink {
  readonly copied: string | undefined;
  copy(certificateId: string, url: string): void;
}

/**
 * Certificates with status, dates, the way back for one ending or no longer held, the printable
 * page and a copy-link button; then the certifications never held, with the modules that count.
 */
export function certificates(v: HubView, link: CopyLink) {
  const { s, t, f, names, modules } = v;
  const held = new Set(s.certificates.filter((c) => c.status === 'active' || c.status === 'expiring').map((c) => c.certificationId));
  const progress = new Map(s.modules.map((m) => [m.id, { moduleId: m.id, ...m.progress }]));
  // Whether each required module counts towards a new certificate: core's rule, as the server applies it.
  const need = (certificationId: string) => {
    const c = s.certifications.find((x) => x.id === certificationId);
    return c && { certification: c, ...requiredModules(c, modules, progress, s.certificates) };
  };
  const isLatest = (c: (typeof s.certificates)[number]) =>
    !s.certificates.some((o) => o.certificationId === c.certificationId && Date.parse(o.issuedAt) > Date.parse(c.issuedAt));
  /** The modules still needed, on the latest certificate of a certification ending soon or no longer held. */
  const renewal = (c: (typeof s.certificates)[number]) => {
    const n =
      c.status !== 'pending' && isLatest(c) && (c.status === 'expiring' || !held.has(c.certificationId))
        ? need(c.certificationId)
        : undefined;
    const still = n ? n.certification.requiredModules.filter((id) => !n.counted.includes(id)) : [];
    if (still.length === 0) return nothing;
    const list = f.list(still.map(names.module));
    return html`<p part="renewal" class="muted">${c.status === 'revoked' ? t.regainWith(list) : t.renewWith(list)}</p>`;
  };
  const dates = (c: (typeof s.certificates)[number]) =>
    c.status === 'pending'
      ? t.validFrom(f.date(c.issuedAt))
      : separated([
          t.issuedOn(f.date(c.issuedAt)),
          c.status === 'expired' ? t.expiredOn(f.date(c.expiresAt)) : t.expiresOn(f.date(c.expiresAt)),
        ]);
  const copy = (id: string) => (link.copied === id ? t.linkCopied : t.copyLink);
  // Certifications never certified; one with a certificate shows its way back on that certificate.
  const open = s.certifications.filter((c) => !s.certificates.some((x) => x.certificationId === c.id));
  return section(
    'certificates',
    t.certificates,
    html`${s.certificates.length === 0 ? html`<p class="muted">${t.noCertificates}</p>` : nothing}
      <ul class="list">
        ${keyedMap(
          s.certificates,
          (c) => c.id,
          (c) => html`<li part="certificate" class="item ${v.flash(`certificate:${c.id}`)}">
            <div class="row">
              <strong>${c.name}</strong>
              <span part="certificate-status chip" class=${`cert-${c.status}`}>${t.certificateStatus[c.status] ?? c.status}</span>
            </div>
            <p class="muted">${dates(c)}</p>
            ${renewal(c)}
            ${
              isWebUrl(c.verifyUrl)
                ? html`<span class="actions">
                  <a part="verify-link" href=${c.verifyUrl} target="_blank" rel="noopener" aria-label=${t.actionOn(t.printCertificate, c.name)}>${t.printCertificate}</a>
                  <button part="button copy-link-button" type="button" aria-label=${t.actionOn(copy(c.id), c.name)} @click=${() => link.copy(c.id, c.verifyUrl)}>
                    ${copy(c.id)}
                  </button>
                </span>`
                : nothing
            }
          </li>`,
        )}
        ${open.map((c) => {
          const count = need(c.id)?.counted.length ?? 0;
          const text = t.certificationProgress(f.number(count), f.number(c.requiredModules.length));
          return html`<li part="certification" class="item">
            <div class="row"><span>${c.name}</span><span class="muted">${text}</span></div>
            ${bar(count / c.requiredModules.length, c.name, text, 'bar', true)}
          </li>`;
        })}
      </ul>
      <p class="sr-only" role="status">${link.copied ? t.linkCopied : nothing}</p>`,
  );
}
