import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateResponseSchema, TrainingSnapshotSchema, VerificationSchema } from '@siso/training-core';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../src/certificates/signer.ts';
import { startTestServer, testDatabaseKind, type TestServer } from './support/test-server.ts';
import { parseExact } from '../../test-support/exact.ts';

let server: TestServer;
let training: string;
let admin: string;
let seq = 0;
const nextId = () => `cert-test-${Date.now()}-${seq++}`;

beforeAll(async () => {
  server = await startTestServer();
  training = await server.keyFor('training');
  admin = await server.keyFor('admin');
});
afterAll(() => server?.close());

async function ingest(target: TestServer, key: string, events: object[]) {
  const res = await target.ingest(key, events);
  expect(res.status).toBe(200);
  return res.json();
}

const completion = (partnerId: string, moduleId: string, score: number, occurredAt = new Date().toISOString()) => ({
  id: nextId(),
  type: 'module.completed',
  partnerId,
  moduleId,
  score,
  timeSpentSeconds: 3600,
  occurredAt,
});

async function snapshotOf(target: TestServer, partnerId: string) {
  const res = await fetch(`${target.url}/v1/me/training`, { headers: { authorization: `Bearer ${await target.tokenFor(partnerId)}` } });
  return parseExact(TrainingSnapshotSchema, await res.json());
}

const SOLUTION_ARCHITECT = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];

/** Passing the three Solution Architect modules earns it. */
async function earnSolutionArchitect(target: TestServer, key: string, score = 91, partnerId = 'northwind') {
  await ingest(
    target,
    key,
    SOLUTION_ARCHITECT.map((m) => completion(partnerId, m, score)),
  );
  const cert = (await snapshotOf(target, partnerId)).certificates.find(
    (c) => c.certificationId === 'solution-architect' && c.status === 'active',
  );
  expect(cert).toBeDefined();
  return cert!;
}

const verifyById = async (target: TestServer, id: string) => {
  const res = await fetch(`${target.url}/v1/certificates/${encodeURIComponent(id)}/verify`);
  return { status: res.status, body: await res.json() };
};
const verifyPresented = async (target: TestServer, credential: string) => {
  const res = await fetch(`${target.url}/v1/certificates/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ credential }),
  });
  expect(res.status).toBe(200);
  return parseExact(VerificationSchema, await res.json());
};

/** A partner of the test's own, so that what one test does to its certificates touches no other. */
async function newPartner(id: string): Promise<string> {
  const res = await fetch(`${server.url}/v1/partners/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ name: `Partner ${id}`, performanceScore: 50 }),
  });
  expect(res.status).toBe(201);
  return id;
}

/** A certificate of `certificationId` earned by `partnerId` at `occurredAt` (ending at `expiresAt`), as the training system reports it. */
async function earned(partnerId: string, certificationId: string, occurredAt = new Date(), expiresAt?: Date) {
  await ingest(server, training, [
    {
      id: nextId(),
      type: 'certification.earned',
      partnerId,
      certificationId,
      occurredAt: occurredAt.toISOString(),
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    },
  ]);
  return (await snapshotOf(server, partnerId)).certificates.filter((c) => c.certificationId === certificationId);
}

const revokeAs = (key: string | undefined, certificateId: string, body: unknown) =>
  fetch(`${server.url}/v1/certificates/${certificateId}/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });

describe('verifiable certificates', () => {
  // Northwind's Solution Architect certificate, which the tests here only read.
  let certificateId: string;
  let verifyUrl: string;
  let jwt: string;
  beforeAll(async () => {
    const cert = await earnSolutionArchitect(server, training);
    certificateId = cert.id;
    verifyUrl = cert.verifyUrl;
    const res = await fetch(`${server.url}/v1/me/certificates/${cert.id}`, {
      headers: { authorization: `Bearer ${await server.tokenFor('northwind')}` },
    });
    jwt = parseExact(CertificateResponseSchema, await res.json()).credential!;
  });

  it('issues a signed Open Badges 3.0 credential when a certification is earned', async () => {
    expect(verifyUrl).toBe(`${server.url.replace('127.0.0.1', 'localhost')}/certificates/${certificateId}`);
    expect(jwt).toMatch(/^eyJ/);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    const vc = decodeJwt(jwt) as Record<string, any>;
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc['@context']).toContain('https://www.w3.org/ns/credentials/v2');
    expect(vc.credentialSubject.name).toBe('Northwind Systems');
    expect(vc.credentialSubject.achievement.name).toBe('SISO Certified Solution Architect');
    expect(vc.jti).toBe(vc.id);
    expect(vc.exp).toBe(Math.floor(Date.parse(vc.validUntil) / 1000));
  });

  it('publishes the Ed25519 public key at /.well-known/jwks.json', async () => {
    const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
    const kid = decodeProtectedHeader(jwt).kid;
    expect(jwks.keys).toContainEqual(expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', kid }));
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it('verifies it as valid, by id and as presented, without any credential of the verifier', async () => {
    const byId = await verifyById(server, certificateId);
    expect(byId.status).toBe(200);
    expect(parseExact(VerificationSchema, byId.body).status).toBe('valid');
    expect((await verifyPresented(server, jwt)).status).toBe('valid');
  });

  it('says tampered when one byte changes, and unknown (404) for an id never issued', async () => {
    const [h, p, sig] = jwt.split('.') as [string, string, string];
    const payload = Buffer.from(p, 'base64url').toString().replace('Northwind Systems', 'Northwind Systemz');
    expect((await verifyPresented(server, `${h}.${Buffer.from(payload).toString('base64url')}.${sig}`)).status).toBe('tampered');
    expect((await verifyPresented(server, 'not-a-jwt')).status).toBe('tampered');
    const unknown = await verifyById(server, 'no-such-certificate');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('rejects a malformed verification request with 400 and names the field', async () => {
    const res = await fetch(`${server.url}/v1/certificates/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwt }),
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/credential']));
  });

  it('serves a human-readable, printable page with the credential embedded', async () => {
    const res = await fetch(`${server.url}/certificates/${certificateId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('Northwind Systems');
    expect(html).toContain(jwt);
    expect(html).not.toMatch(/<script|style=/);
    const missing = await fetch(`${server.url}/certificates/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Unknown certificate');
  });

  it('says expired for a certificate past its validity', async () => {
    const partner = await newPartner('cert-expired');
    const [cert] = await earned(
      partner,
      'implementation-specialist',
      new Date(Date.now() - 3 * 365 * 86_400_000),
      new Date(Date.now() - 86_400_000),
    );
    expect(cert?.status).toBe('expired');
    const { body } = await verifyById(server, cert!.id);
    expect(body).toMatchObject({ status: 'expired', reason: 'certificate.expired' });
  });

  it('says revoked, with the reason, after the training system revokes it', async () => {
    const partner = await newPartner('cert-revoked');
    const cert = await earnSolutionArchitect(server, training, 91, partner);
    await ingest(server, training, [
      {
        id: nextId(),
        type: 'certification.revoked',
        partnerId: partner,
        certificationId: 'solution-architect',
        occurredAt: new Date().toISOString(),
        reason: 'assessment retaken under review',
      },
    ]);
    const { body } = await verifyById(server, cert.id);
    expect(body).toMatchObject({ status: 'revoked', revokedReason: 'assessment retaken under review' });
    expect((await snapshotOf(server, partner)).certificates.find((c) => c.id === cert.id)?.status).toBe('revoked');
  });

  it('lets an admin revoke a certificate with a reason, and no one else', async () => {
    // Earned, revoked by the training system, then earned again: every module passed again.
    const partner = await newPartner('cert-admin-revoked');
    await earnSolutionArchitect(server, training, 91, partner);
    await ingest(server, training, [
      {
        id: nextId(),
        type: 'certification.revoked',
        partnerId: partner,
        certificationId: 'solution-architect',
        occurredAt: new Date().toISOString(),
        reason: 'under review',
      },
    ]);
    const cert = await earnSolutionArchitect(server, training, 95, partner);
    expect((await revokeAs(undefined, cert.id, { reason: 'x' })).status).toBe(401);
    expect((await revokeAs(training, cert.id, { reason: 'x' })).status).toBe(403);
    expect((await revokeAs(admin, cert.id, {})).status).toBe(400);
    expect((await revokeAs(admin, cert.id, { reason: 'x', extra: true })).status).toBe(400);
    const ok = await revokeAs(admin, cert.id, { reason: 'partner agreement ended' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'revoked', revokedReason: 'partner agreement ended' });
  });

  it('revokes only the certificate named, never a renewal of the same certification', async () => {
    // A certificate that expired, then the same certification earned again.
    const partner = await newPartner('cert-renewed');
    await earned(partner, 'implementation-specialist', new Date(Date.now() - 3 * 365 * 86_400_000), new Date(Date.now() - 86_400_000));
    const certs = await earned(partner, 'implementation-specialist');
    const expired = certs.find((c) => c.status === 'expired')!;
    const renewal = certs.find((c) => c.status === 'active')!;
    expect((await revokeAs(admin, expired.id, { reason: 'issued in error' })).status).toBe(200);
    expect((await verifyById(server, expired.id)).body.status).toBe('revoked');
    expect((await verifyById(server, renewal.id)).body.status).toBe('valid');
  });
});

describe('certificate signing key rotation', () => {
  it('keeps certificates signed with the old key verifiable after the key changes', async () => {
    const dir = testDatabaseKind() === 'pglite' ? mkdtempSync(join(tmpdir(), 'siso-rotation-')) : undefined;
    const keyA = await generateSigningJwk();
    const keyB = await generateSigningJwk();
    const before = await startTestServer(
      { CERTIFICATE_SIGNING_KEY: JSON.stringify(keyA) },
      { keep: true, ...(dir ? { reuse: { dataDir: dir } } : {}) },
    );
    let after: TestServer | undefined;
    try {
      const cert = await earnSolutionArchitect(before, await before.keyFor('training'));
      const location = before.location;
      await before.close();
      after = await startTestServer({ CERTIFICATE_SIGNING_KEY: JSON.stringify(keyB) }, { reuse: location });
      const jwks = await (await fetch(`${after.url}/.well-known/jwks.json`)).json();
      expect(jwks.keys).toHaveLength(2);
      const { body } = await verifyById(after, cert.id);
      expect(body.status).toBe('valid');
      // New certificates are signed with the new key.
      await ingest(after, await after.keyFor('training'), [
        completion('northwind', 'solution-selling', 90),
        completion('northwind', 'pricing-and-licensing', 90),
        completion('northwind', 'customer-onboarding', 90),
      ]);
      const foundation = (await snapshotOf(after, 'northwind')).certificates.find((c) => c.certificationId === 'sales-foundation');
      const res = await fetch(`${after.url}/v1/me/certificates/${foundation!.id}`, {
        headers: { authorization: `Bearer ${await after.tokenFor('northwind')}` },
      });
      const { credential } = parseExact(CertificateResponseSchema, await res.json());
      expect(decodeProtectedHeader(credential!).kid).toBe(keyB.kid);
      expect(new Set(jwks.keys.map((k: { kid: string }) => k.kid))).toEqual(new Set([keyA.kid, keyB.kid]));
    } finally {
      await after?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
