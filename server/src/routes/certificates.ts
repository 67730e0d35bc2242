import {
  AchievementSchema,
  IssuerProfileSchema,
  OpenBadgeCredentialSchema,
  PublicKeyJwkSchema,
  RevokeCertificateRequestSchema,
  VerificationSchema,
  VerifyCredentialRequestSchema,
} from '@siso/training-core';
import { Hono } from 'hono';
import { decodeJwt } from 'jose';
import * as z from 'zod';
import { achievement, CREDENTIAL_CONTEXT, issuerIdAt, issuerProfile, requiredTitles } from '../certificates/credential.ts';
import { PAGE_LANGUAGES, PAGE_TEXT } from '../certificates/page-text.ts';
import { renderCertificatePage } from '../certificates/page.ts';
import { lastStatusIndex, revokedInList, STATUS_LIST_SIZE, statusListCredential } from '../certificates/status-list.ts';
import { certificateIdOf, findCertificate, type CertificateRecord } from '../certificates/store.ts';
import { isWellFormedJwt, unknownCertificate, verifyCertificate } from '../certificates/verify.ts';
import { invalidInput, notFound } from '../errors/problem.ts';
import { pickLanguage, pickMediaType } from '../http/negotiate.ts';
import { decimal, described, idParams } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';
import { writeTraining } from '../training/write.ts';

const verification = { name: 'Verification', schema: VerificationSchema };

const certificateParams = z.strictObject({ id: described(z.string(), 'Certificate id') });

/** The media types a credential is served as: its JSON, or the signed VC-JWT; HTML is its page. */
const CREDENTIAL_TYPES = [
  'application/json',
  'application/vc',
  'application/ld+json',
  'application/vc+jwt',
  'application/jwt',
  'text/html',
] as const;
const VC_JWT = 'application/vc+jwt';

// Ids, profile and achievements change only with a deployment or a catalog edit; lists with each revocation.
const DOCUMENT_CACHE = 'public, max-age=300';

/**
 * Public verification (anyone, no account), the human-readable certificate page, the issuer's
 * keys, and revocation by an admin: operations in `api`, the page and the keys in `pages`.
 */
export function certificateRoutes(services: Services): { api: Route[]; pages: Hono } {
  const { db, certificates: issuer, clock } = services;
  const signer = issuer.signer;
  const lookup = async (credentialId: string) => findCertificate(db, certificateIdOf(credentialId));
  // Verifying a stored certificate: the record is in hand, so the credential's lookup needs no second read.
  const lookupWith = (stored: CertificateRecord) => async (credentialId: string) =>
    certificateIdOf(credentialId) === stored.id ? stored : lookup(credentialId);
  const pageUrl = (id: string) => `${services.publicUrl()}/certificates/${encodeURIComponent(id)}`;
  const verifyStored = async (id: string) => {
    const stored = await findCertificate(db, id);
    if (!stored) throw notFound(`No certificate "${id.slice(0, 100)}" was issued here.`);
    return { stored, verdict: await verifyCertificate({ signer, jwt: stored.credential, lookup: lookupWith(stored), now: clock.now() }) };
  };

  const api = [
    route({
      method: 'get',
      path: '/v1/certificates/{id}/verify',
      summary: 'Verifies an issued certificate: signature, revocation and expiry (no credential needed)',
      tag: 'certificates',
      security: 'none',
      params: certificateParams,
      responses: { 200: { description: 'The verdict: valid, expired or revoked', schema: verification } },
      handle: async (c, { params: { id } }) => {
        const { verdict } = await verifyStored(id);
        c.header('cache-control', 'no-store');
        return c.json(verdict);
      },
    }),
    route({
      method: 'post',
      path: '/v1/certificates/verify',
      summary: 'Verifies a presented credential (VC-JWT): tampered, unknown, expired, revoked or valid',
      tag: 'certificates',
      security: 'none',
      body: { name: 'VerifyCredentialRequest', schema: VerifyCredentialRequestSchema },
      responses: { 200: { description: 'The verdict', schema: verification } },
      handle: async (c, { body: { credential } }) => {
        if (!isWellFormedJwt(credential)) {
          throw invalidInput([
            { pointer: '/credential', code: 'malformed_credential', detail: 'Not a JWT: its header and payload must be base64url JSON.' },
          ]);
        }
        c.header('cache-control', 'no-store');
        return c.json(await verifyCertificate({ signer, jwt: credential, lookup, now: clock.now() }));
      },
    }),
    route({
      method: 'post',
      path: '/v1/certificates/{id}/revoke',
      summary: 'Revokes a certificate with a reason; the partner is re-evaluated',
      tag: 'certificates',
      security: 'admin',
      params: certificateParams,
      body: { name: 'RevokeCertificateRequest', schema: RevokeCertificateRequestSchema },
      responses: { 200: { description: 'The verdict after revocation', schema: verification } },
      handle: async (c, { params: { id }, body: { reason } }) => {
        const stored = await findCertificate(db, id);
        if (!stored) throw notFound(`No certificate "${id.slice(0, 100)}" was issued here.`);
        await writeTraining(services, {
          partnerIds: [stored.partnerId],
          apply: (sessions) =>
            sessions.get(stored.partnerId)?.apply({
              kind: 'certification.revoked',
              certificationId: stored.certificationId,
              certificateId: stored.id,
              at: clock.now(),
              reason,
            }),
        });
        return c.json((await verifyStored(id)).verdict);
      },
    }),
    // What the ids inside a credential resolve to (Open Badges 3.0).
    route({
      method: 'get',
      path: '/v1/certificates/{id}',
      summary:
        'The credential (its `id`): JSON by default, the signed VC-JWT for `Accept: application/vc+jwt`, its page (303) for `Accept: text/html`',
      tag: 'certificates',
      security: 'none',
      params: certificateParams,
      responses: {
        200: { description: 'The OpenBadgeCredential', schema: { name: 'OpenBadgeCredential', schema: OpenBadgeCredentialSchema } },
        303: { description: 'For `Accept: text/html`: the certificate page' },
      },
      handle: async (c, { params: { id } }) => {
        const stored = await findCertificate(db, id);
        if (!stored) throw notFound(`No certificate "${id.slice(0, 100)}" was issued here.`);
        const type = pickMediaType(c.req.header('accept'), CREDENTIAL_TYPES) ?? 'application/json';
        c.header('vary', 'Accept');
        c.header('cache-control', DOCUMENT_CACHE);
        if (type === 'text/html') return c.redirect(pageUrl(stored.id), 303);
        if (type === VC_JWT || type === 'application/jwt') return c.body(stored.credential, 200, { 'content-type': VC_JWT });
        // The credential as signed: the JWT claims (iss, jti, …) repeat its fields and are left out.
        const credential = OpenBadgeCredentialSchema.parse(decodeJwt(stored.credential));
        return c.body(JSON.stringify(credential), 200, { 'content-type': type });
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuer',
      summary: 'The issuer’s Open Badges 3.0 Profile (the `issuer.id` of every credential)',
      tag: 'certificates',
      security: 'none',
      responses: { 200: { description: 'The issuer Profile', schema: { name: 'IssuerProfile', schema: IssuerProfileSchema } } },
      handle: (c) => {
        c.header('cache-control', DOCUMENT_CACHE);
        return c.json({
          '@context': [...CREDENTIAL_CONTEXT],
          ...issuerProfile({ publicUrl: services.publicUrl(), issuerName: issuer.issuerName }),
        });
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuer/keys/{id}',
      summary: 'One of the issuer’s public keys as a JWK: the `kid` of every VC-JWT it signs (certificates, status lists) is this URL',
      tag: 'certificates',
      security: 'none',
      params: z.strictObject({ id: described(z.string().max(200), 'Key name: its JWK thumbprint, or the configured key’s `kid`') }),
      responses: { 200: { description: 'The public key', schema: { name: 'PublicKeyJwk', schema: PublicKeyJwkSchema } } },
      handle: async (c, { params: { id } }) => {
        const key = await signer.publicKey(issuerIdAt(services.publicUrl()), id);
        if (!key) throw notFound(`No key "${id.slice(0, 100)}" is published here.`);
        c.header('cache-control', DOCUMENT_CACHE);
        return c.json(key);
      },
    }),
    route({
      method: 'get',
      path: '/v1/achievements/{id}',
      summary: 'A certification as an Open Badges 3.0 Achievement (the `achievement.id` of its credentials)',
      tag: 'certificates',
      security: 'none',
      params: idParams('Certification id'),
      responses: { 200: { description: 'The Achievement', schema: { name: 'Achievement', schema: AchievementSchema } } },
      handle: async (c, { params: { id } }) => {
        const { catalog } = await programStore(db).current();
        const certification = catalog.certifications.find((x) => x.id === id);
        if (!certification) throw notFound(`No certification "${id}".`);
        c.header('cache-control', DOCUMENT_CACHE);
        return c.json({
          '@context': [...CREDENTIAL_CONTEXT],
          ...achievement({ publicUrl: services.publicUrl(), certification, modules: catalog.modules }),
          creator: issuerProfile({ publicUrl: services.publicUrl(), issuerName: issuer.issuerName }),
        });
      },
    }),
    route({
      method: 'get',
      path: '/v1/status-lists/{id}',
      summary:
        'A revocation list (W3C Bitstring Status List v1.0) as a signed VC-JWT: the `statusListCredential` credentials name; a set bit is a revoked certificate',
      tag: 'certificates',
      security: 'none',
      params: z.strictObject({ id: described(decimal({ min: 0, max: Math.floor(2 ** 31 / STATUS_LIST_SIZE) }), 'Status list number') }),
      responses: { 200: { description: 'The BitstringStatusListCredential, signed', contentType: VC_JWT } },
      handle: async (c, { params: { id: list } }) => {
        const last = await lastStatusIndex(db);
        if (last === null || list > Math.floor(last / STATUS_LIST_SIZE)) throw notFound(`No status list ${list}.`);
        const publicUrl = services.publicUrl();
        const jwt = await signer.sign(statusListCredential({ publicUrl, list, revoked: await revokedInList(db, list), now: clock.now() }));
        return c.body(jwt, 200, { 'content-type': VC_JWT, 'cache-control': DOCUMENT_CACHE });
      },
    }),
  ];

  const pages = new Hono()
    .get('/.well-known/jwks.json', async (c) => {
      await signer.refresh();
      c.header('cache-control', 'public, max-age=300');
      return c.json(signer.jwks(issuerIdAt(services.publicUrl())));
    })
    .get('/certificates/:id', async (c) => {
      const stored = await findCertificate(db, c.req.param('id'));
      const verdict = stored
        ? await verifyCertificate({ signer, jwt: stored.credential, lookup: lookupWith(stored), now: clock.now() })
        : unknownCertificate(clock.now());
      const lang = pickLanguage(c.req.header('accept-language'), PAGE_LANGUAGES);
      // What was achieved, in the page's language, from the certification as the catalog has it.
      const { catalog } = await programStore(db).current();
      const certification = stored && catalog.certifications.find((x) => x.id === stored.certificationId);
      const text = PAGE_TEXT[lang];
      c.header('cache-control', 'no-store');
      c.header('vary', 'Accept-Language');
      c.header('content-language', lang);
      return c.html(
        renderCertificatePage({
          verification: verdict,
          jwt: stored?.credential ?? null,
          jwksUrl: `${services.publicUrl()}/.well-known/jwks.json`,
          verifyUrl: stored ? pageUrl(stored.id) : null,
          lang,
          criteria: certification
            ? text.criteria(text.list(requiredTitles(certification, catalog.modules)), certification.passingScore)
            : null,
        }),
        stored ? 200 : 404,
      );
    });

  return { api, pages };
}
