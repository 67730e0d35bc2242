import { RevokeCertificateRequestSchema, VerificationSchema, VerifyCredentialRequestSchema } from '@siso/training-core';
import { Hono } from 'hono';
import * as z from 'zod';
import { renderCertificatePage } from '../certificates/page.ts';
import { certificateIdOf, findCertificate, type CertificateRecord } from '../certificates/store.ts';
import { unknownCertificate, verifyCertificate } from '../certificates/verify.ts';
import { notFound } from '../errors/problem.ts';
import { described } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { writeTraining } from '../training/write.ts';

const verification = { name: 'Verification', schema: VerificationSchema };

const certificateParams = z.strictObject({ id: described(z.string(), 'Certificate id') });

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
  ];

  const pages = new Hono()
    .get('/.well-known/jwks.json', async (c) => {
      await signer.refresh();
      c.header('cache-control', 'public, max-age=300');
      return c.json(signer.jwks);
    })
    .get('/certificates/:id', async (c) => {
      const stored = await findCertificate(db, c.req.param('id'));
      const verdict = stored
        ? await verifyCertificate({ signer, jwt: stored.credential, lookup: lookupWith(stored), now: clock.now() })
        : unknownCertificate(clock.now());
      c.header('cache-control', 'no-store');
      return c.html(
        renderCertificatePage({
          verification: verdict,
          jwt: stored?.credential ?? null,
          jwksUrl: `${services.publicUrl()}/.well-known/jwks.json`,
        }),
        stored ? 200 : 404,
      );
    });

  return { api, pages };
}
