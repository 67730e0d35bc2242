import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  AchievementSchema,
  CertificateResponseSchema,
  IssuerProfileSchema,
  OpenBadgeCredentialSchema,
  PublicKeyJwkSchema,
  TrainingSnapshotSchema,
  VerificationSchema,
  type OpenBadgeCredential,
} from '@siso/training-core';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import decodeQR from 'qr/decode.js';
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

  it('names its key by a URL that answers the Ed25519 public key, also in /.well-known/jwks.json', async () => {
    // Open Badges 3.0 §8.2: a header without `jwk` has a `kid` that dereferences to the key.
    const kid = decodeProtectedHeader(jwt).kid!;
    expect(kid).toMatch(/^https?:\/\/[^/]+\/v1\/issuer\/keys\/[\w-]+$/);
    const res = await fetch(here(kid));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const jwk = parseExact(PublicKeyJwkSchema, await res.json());
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid });
    expect(jwk).not.toHaveProperty('d');
    // A verifier with nothing but the credential and that URL checks the signature.
    await expect(jwtVerify(jwt, await importJWK(jwk))).resolves.toMatchObject({ protectedHeader: { kid } });
    const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
    expect(jwks.keys).toContainEqual(jwk);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
    expect((await fetch(`${server.url}/v1/issuer/keys/not-a-key`)).status).toBe(404);
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
    // Well formed, but signed by another key: still tampered.
    expect((await verifyPresented(server, `${h}.${p}.${Buffer.from('x'.repeat(64)).toString('base64url')}`)).status).toBe('tampered');
    const unknown = await verifyById(server, 'no-such-certificate');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it.each([
    ['not a JWT at all', 'not-a-jwt'],
    ['three parts that are not base64url JSON', 'a.b.c'],
    [
      'a JSON header over a payload that is not JSON',
      `${Buffer.from('{"alg":"EdDSA"}').toString('base64url')}.${Buffer.from('hello').toString('base64url')}.c2ln`,
    ],
    ['two parts', 'eyJhbGciOiJFZERTQSJ9.eyJ9'],
  ])('answers a malformed credential (%s) with 400 problem+json, not tampered', async (_what, credential) => {
    const res = await fetch(`${server.url}/v1/certificates/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/credential']);
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
    // Under the strict CSP: no inline script or style, only the same-origin script.
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/static/certificate.js">']);
    expect(html).not.toMatch(/style=|onclick/i);
    const script = await fetch(`${server.url}/static/certificate.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('window.print()');
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

/** The page's text within <main>, tags dropped. */
const mainText = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '')
    .replace(/<details[\s\S]*<\/details>/, '')
    .replace(/<svg[\s\S]*<\/svg>/, '')
    .replace(/<[^>]+>/g, ' ');

/**
 * The QR code of the page's SVG, read as a phone camera would: its one path (rectangles of one
 * module's height, `M`/`m` to a corner, `h` its width, back with `Z`) drawn dark on light pixels.
 */
function readQr(html: string): string {
  const svg = /<svg[^>]*viewBox="0 0 (\d+) \d+"[^>]*>[\s\S]*?d="([^"]+)"/.exec(html);
  expect(svg).not.toBeNull();
  const scale = 4;
  const width = Number(svg![1]) * scale;
  const data = new Uint8Array(width * width * 4).fill(255);
  const dark = (x: number, y: number, w: number) => {
    for (let py = y * scale; py < (y + 1) * scale; py += 1) data.fill(0, (py * width + x * scale) * 4, (py * width + (x + w) * scale) * 4);
  };
  let [x, y] = [0, 0];
  for (const [, op, args] of (svg?.[2] ?? '').matchAll(/([MmhvHZ])([^MmhvHZ]*)/g)) {
    const [a = 0, b = 0] = (args ?? '').trim().split(/[ ,]+/).map(Number);
    if (op === 'M') [x, y] = [a, b];
    else if (op === 'm') [x, y] = [x + a, y + b];
    else if (op === 'h') dark(x, y, a);
  }
  return decodeQR({ width, height: width, data });
}

describe('the certificate page a partner prints', () => {
  let cert: { id: string; verifyUrl: string };
  beforeAll(async () => {
    cert = await earnSolutionArchitect(server, training, 93, await newPartner('cert-page'));
  });
  const page = async (acceptLanguage?: string) => {
    const res = await fetch(`${server.url}/certificates/${cert.id}`, {
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    });
    expect(res.status).toBe(200);
    return { res, html: await res.text() };
  };

  it('prints the verification address, and a QR code that reads as it', async () => {
    const { html } = await page();
    expect(mainText(html)).toContain(cert.verifyUrl);
    expect(html).toContain(`<a href="${cert.verifyUrl}">`);
    expect(readQr(html)).toBe(cert.verifyUrl);
    expect(html).toMatch(/<svg class="qr" role="img" aria-label="QR code of the verification address"/);
    // Neither the address nor the code is hidden in print; the print button is.
    const css = await (await fetch(`${server.url}/static/certificate.css`)).text();
    const print = /@media print \{([\s\S]*?)\n\}/.exec(css)![1]!;
    expect(print).not.toMatch(/\.(verify|qr)[^{]*\{[^}]*display:\s*none/);
    expect(print).toMatch(/\.print \{\s*display: none;/);
  });

  it('has a print button, shown only by the same-origin script', async () => {
    const { html } = await page();
    expect(html).toContain('<button type="button" class="print" data-print hidden>Print certificate</button>');
  });

  it('names the certification once, and says what was achieved', async () => {
    const text = mainText((await page()).html);
    expect(text.split('SISO Certified Solution Architect')).toHaveLength(2);
    expect(text).toContain(
      'Completed Architecture Deep Dive, Integration Patterns and Security and Compliance, and passed each assessment with a score of at least 80 out of 100.',
    );
    expect(text).not.toMatch(/\bComplete /);
  });

  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['en;q=0.5, de-AT', 'de'],
    ['fr-FR, de;q=0.3, en;q=0.2', 'de'],
    ['de;q=0.2, en', 'en'],
    ['fr', 'en'],
    ['de;q=0, *', 'en'],
    [undefined, 'en'],
  ])('speaks the language Accept-Language %s prefers most: %s', async (accept, lang) => {
    const { res, html } = await page(accept);
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
    expect(res.headers.get('content-language')).toBe(lang);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(lang === 'de' ? 'Gültiges Zertifikat' : 'Valid certificate');
  });

  it('in German, says all of it in German, dates too', async () => {
    const { html } = await page('de');
    const text = mainText(html);
    for (const phrase of ['Verliehen an', 'Ausgestellt von', 'Gültig ab', 'Gültig bis', 'Geprüft am', 'Zertifikat drucken']) {
      expect(html).toContain(phrase);
    }
    expect(text).toContain(
      'Hat Architecture Deep Dive, Integration Patterns und Security and Compliance abgeschlossen und jede Prüfung mit mindestens 80 von 100 Punkten bestanden.',
    );
    expect(text).toMatch(/\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}/);
    expect(text).not.toMatch(/Awarded|Valid|Issued|Checked/);
    expect(html).toContain('aria-label="QR-Code der Prüfadresse"');
  });
});

/** A path of this server for a URL the credential names (its public URL may name the host otherwise). */
const here = (url: string) => `${server.url}${new URL(url).pathname}`;

/** The bit at `index` of a Bitstring Status List credential, read as any third-party verifier would. */
async function statusBit(entry: { statusListCredential: string; statusListIndex: string }): Promise<0 | 1> {
  const res = await fetch(here(entry.statusListCredential));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vc+jwt');
  expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
  const jwks = createLocalJWKSet(await (await fetch(`${server.url}/.well-known/jwks.json`)).json());
  const { payload } = await jwtVerify(await res.text(), jwks);
  expect(payload).toMatchObject({
    id: entry.statusListCredential,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
  });
  const encoded = (payload['credentialSubject'] as { encodedList: string }).encodedList;
  expect(encoded[0]).toBe('u'); // multibase: base64url, no padding
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  expect(bits.length).toBe(16 * 1024); // the specification's minimum: 131,072 entries
  const index = Number(entry.statusListIndex);
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) as 0 | 1;
}

describe('Open Badges 3.0: every id in the credential resolves', () => {
  let cert: { id: string; verifyUrl: string };
  let jwt: string;
  let vc: OpenBadgeCredential;
  /** Another partner's credential, whose bit must stay clear. */
  let neighbour: OpenBadgeCredential;
  const credentialOf = async (partner: string, id: string) => {
    const res = await fetch(`${server.url}/v1/me/certificates/${id}`, {
      headers: { authorization: `Bearer ${await server.tokenFor(partner)}` },
    });
    return parseExact(CertificateResponseSchema, await res.json()).credential!;
  };
  beforeAll(async () => {
    const partner = await newPartner('cert-ids');
    cert = await earnSolutionArchitect(server, training, 90, partner);
    jwt = await credentialOf(partner, cert.id);
    vc = OpenBadgeCredentialSchema.parse(decodeJwt(jwt));
    const other = await newPartner('cert-ids-neighbour');
    neighbour = OpenBadgeCredentialSchema.parse(
      decodeJwt(await credentialOf(other, (await earnSolutionArchitect(server, training, 90, other)).id)),
    );
  });

  it('the credential id: the credential as JSON, the VC-JWT, or its page, by content negotiation', async () => {
    const json = await fetch(here(vc.id));
    expect(json.status).toBe(200);
    expect(json.headers.get('vary')).toMatch(/accept/i);
    expect(parseExact(OpenBadgeCredentialSchema, await json.json())).toEqual(vc);
    const signed = await fetch(here(vc.id), { headers: { accept: 'application/vc+jwt' } });
    expect(signed.headers.get('content-type')).toBe('application/vc+jwt');
    expect(await signed.text()).toBe(jwt);
    const browser = await fetch(here(vc.id), {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(cert.verifyUrl);
    expect((await fetch(`${server.url}/v1/certificates/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('the issuer id: the issuer Profile', async () => {
    const res = await fetch(here(vc.issuer.id));
    expect(res.status).toBe(200);
    const profile = parseExact(IssuerProfileSchema, await res.json());
    expect(profile).toMatchObject({ ...vc.issuer, '@context': vc['@context'] });
  });

  it('the achievement id: the Achievement, with the criteria of the credential', async () => {
    const res = await fetch(here(vc.credentialSubject.achievement.id));
    expect(res.status).toBe(200);
    const achievement = parseExact(AchievementSchema, await res.json());
    expect(achievement).toMatchObject({ ...vc.credentialSubject.achievement, creator: vc.issuer });
    expect((await fetch(`${server.url}/v1/achievements/no-such-certification`)).status).toBe(404);
  });

  it('the status list: a signed Bitstring Status List whose bit turns on when the certificate is revoked', async () => {
    const status = vc.credentialStatus!;
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(await statusBit(status)).toBe(0);
    expect((await revokeAs(admin, cert.id, { reason: 'issued in error' })).status).toBe(200);
    expect(await statusBit(status)).toBe(1);
    // Only its own bit.
    expect(neighbour.credentialStatus!.statusListIndex).not.toBe(status.statusListIndex);
    expect(await statusBit(neighbour.credentialStatus!)).toBe(0);
    expect((await fetch(`${server.url}/v1/status-lists/999`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/status-lists/0x1`)).status).toBe(400);
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
      const issuerId = (decodeJwt(credential!) as { issuer: { id: string } }).issuer.id;
      const issuerKey = (name: string | undefined) => `${issuerId}/keys/${name}`;
      expect(decodeProtectedHeader(credential!).kid).toBe(issuerKey(keyB.kid));
      expect(new Set(jwks.keys.map((k: { kid: string }) => k.kid))).toEqual(new Set([issuerKey(keyA.kid), issuerKey(keyB.kid)]));
    } finally {
      await after?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
