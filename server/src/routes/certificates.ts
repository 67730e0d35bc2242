import { RevokeCertificateRequestSchema, VerificationSchema, VerifyCredentialRequestSchema } from '@siso/training-core';
import { Hono } from 'hono';
import { renderCertificatePage } from '../certificates/page.ts';
import { certificateIdOf, findCertificate, type CertificateRecord } from '../certificates/store.ts';
import { unknownCertificate, verifyCertificate } from '../certificates/verify.ts';
import { notFound } from '../errors/problem.ts';
import { readBody } from '../http/validate.ts';
import type { Operation } from '../openapi/operation.ts';
import type { Services } from '../services.ts';
import { writeTraining } from '../training/write.ts';

const verification = { name: 'Verification', schema: VerificationSchema };

export const certificateOperations: Operation[] = [
  {
    method: 'get',
    path: '/v1/certificates/{id}/verify',
    summary: 'Verifies an issued certificate: signature, revocation and expiry (no credential needed)',
    tag: 'certificates',
    security: 'none',
    params: { id: 'Certificate id' },
    responses: { 200: { description: 'The verdict: valid, expired or revoked', schema: verification } },
  },
  {
    method: 'post',
    path: '/v1/certificates/verify',
    summary: 'Verifies a presented credential (VC-JWT): tampered, unknown, expired, revoked or valid',
    tag: 'certificates',
    security: 'none',
    body: { name: 'VerifyCredentialRequest', schema: VerifyCredentialRequestSchema },
    responses: { 200: { description: 'The verdict', schema: verification } },
  },
  {
    method: 'post',
    path: '/v1/certificates/{id}/revoke',
    summary: 'Revokes a certificate with a reason; the partner is re-evaluated',
    tag: 'certificates',
    security: 'admin',
    params: { id: 'Certificate id' },
    body: { name: 'RevokeCertificateRequest', schema: RevokeCertificateRequestSchema },
    responses: { 200: { description: 'The verdict after revocation', schema: verification } },
  },
];

/**
 * Public verification (anyone, no account), the human-readable certificate page, the issuer's
 * keys, and revocation by an admin (mounted behind the admin key by the caller).
 */
export function certificateRoutes(services: Services): { api: Hono; pages: Hono } {
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

  const api = new Hono()
    .get('/:id/verify', async (c) => {
      const { verdict } = await verifyStored(c.req.param('id'));
      c.header('cache-control', 'no-store');
      return c.json(verdict);
    })
    .post('/verify', async (c) => {
      const { credential } = await readBody(c, VerifyCredentialRequestSchema);
      c.header('cache-control', 'no-store');
      return c.json(await verifyCertificate({ signer, jwt: credential, lookup, now: clock.now() }));
    })
    .post('/:id/revoke', async (c) => {
      const id = c.req.param('id');
      const { reason } = await readBody(c, RevokeCertificateRequestSchema);
      const stored = await findCertificate(db, id);
      if (!stored) throw notFound(`No certificate "${id.slice(0, 100)}" was issued here.`);
      await writeTraining(services, {
        partnerIds: [stored.partnerId],
        apply: (sessions) =>
          sessions.get(stored.partnerId)?.apply({ kind: 'certification.revoked', certificationId: stored.certificationId, certificateId: stored.id, at: clock.now(), reason }),
      });
      return c.json((await verifyStored(id)).verdict);
    });

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
      return c.html(renderCertificatePage({ verification: verdict, jwt: stored?.credential ?? null, jwksUrl: `${services.publicUrl()}/.well-known/jwks.json` }), stored ? 200 : 404);
    });

  return { api, pages };
}
