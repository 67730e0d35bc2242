import { DEFAULT_CATALOG } from '@siso/training-core';
import { decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildCredential, CREDENTIAL_CONTEXT } from './credential.ts';
import { CertificateSigner, generateSigningJwk, keyUrl, toPublicJwk } from './signer.ts';
import { statusListEntry } from './status-list.ts';
import { verifyCertificate, type StoredCertificate } from './verify.ts';

const certification = DEFAULT_CATALOG.certifications.find((c) => c.id === 'solution-architect')!;
const issuedAt = new Date('2026-03-01T10:00:00Z');
const expiresAt = new Date('2028-03-01T10:00:00Z');

function credential(certificateId = 'cert-1') {
  return buildCredential({
    certificateId,
    publicUrl: 'https://training.example.com',
    issuerName: 'SISO Partner Program',
    partner: { id: 'contoso', name: 'Contoso Partners' },
    certification,
    modules: DEFAULT_CATALOG.modules,
    issuedAt,
    expiresAt,
    status: statusListEntry('https://training.example.com', 131_075),
  });
}

async function issued(signer: CertificateSigner, extra: Partial<StoredCertificate> = {}) {
  const jwt = await signer.sign(credential());
  const stored: StoredCertificate = {
    id: 'cert-1',
    certificationId: certification.id,
    credential: jwt,
    issuedAt,
    expiresAt,
    revokedAt: null,
    revokedReason: null,
    ...extra,
  };
  const lookup = async (id: string) => (id === credential().id ? stored : undefined);
  return { jwt, lookup };
}

const now = new Date('2026-06-01T00:00:00Z');
const ISSUER = 'https://training.example.com/v1/issuer';

describe('certificate credentials', () => {
  it('carry every field Open Badges 3.0 requires of an OpenBadgeCredential', () => {
    const vc = credential();
    expect(vc['@context']).toEqual(CREDENTIAL_CONTEXT);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe('https://training.example.com/v1/certificates/cert-1');
    expect(vc.issuer).toMatchObject({ id: expect.stringMatching(/^https:/), type: ['Profile'], name: 'SISO Partner Program' });
    expect(vc.validFrom).toBe(issuedAt.toISOString());
    expect(vc.validUntil).toBe(expiresAt.toISOString());
    expect(vc.name).toBe(certification.name);
    expect(vc.credentialSubject.type).toEqual(['AchievementSubject']);
    expect(vc.credentialSubject.id).toBe('urn:siso:partner:contoso');
    const a = vc.credentialSubject.achievement;
    expect(a.type).toEqual(['Achievement']);
    expect(a.id).toMatch(/^https:\/\/training\.example\.com\/v1\/achievements\/solution-architect$/);
    expect(a.name).toBe(certification.name);
    expect(a.description.length).toBeGreaterThan(0);
    // What was achieved, not what to do.
    expect(a.criteria.narrative).toBe(
      'Completed Architecture Deep Dive, Integration Patterns and Security and Compliance, and passed each assessment with a score of at least 80 out of 100.',
    );
    // Place 131,075 is bit 3 of the second list.
    expect(vc.credentialStatus).toEqual({
      id: 'https://training.example.com/v1/status-lists/1#3',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '3',
      statusListCredential: 'https://training.example.com/v1/status-lists/1',
    });
  });

  it('verify as valid when untouched', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    const { jwt, lookup } = await issued(signer);
    const result = await verifyCertificate({ signer, jwt, lookup, now });
    expect(result.status).toBe('valid');
    expect(result.credential?.credentialSubject.name).toBe('Contoso Partners');
  });

  it('fail as tampered when one byte of the payload changes', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    const { jwt, lookup } = await issued(signer);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const json = Buffer.from(payload, 'base64url').toString().replace('Contoso Partners', 'Contoso Partnerz');
    const forged = `${header}.${Buffer.from(json).toString('base64url')}.${signature}`;
    expect((await verifyCertificate({ signer, jwt: forged, lookup, now })).status).toBe('tampered');
    const flipped = `${jwt.slice(0, -2)}${jwt.at(-2) === 'A' ? 'B' : 'A'}${jwt.at(-1)}`;
    expect((await verifyCertificate({ signer, jwt: flipped, lookup, now })).status).toBe('tampered');
  });

  it('report expired after validUntil, revoked with the reason, unknown when never issued here', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    const expired = await issued(signer);
    expect((await verifyCertificate({ signer, ...expired, now: new Date('2028-03-02T00:00:00Z') })).status).toBe('expired');

    const revoked = await issued(signer, { revokedAt: new Date('2026-05-01T00:00:00Z'), revokedReason: 'assessment fraud' });
    const r = await verifyCertificate({ signer, ...revoked, now });
    expect(r).toMatchObject({ status: 'revoked', revokedReason: 'assessment fraud', revokedAt: '2026-05-01T00:00:00.000Z' });

    const { jwt } = await issued(signer);
    expect((await verifyCertificate({ signer, jwt, lookup: async () => undefined, now })).status).toBe('unknown');
  });

  it('report pending before validFrom, by the same rule as the partner’s certificates', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    const early = await issued(signer);
    const r = await verifyCertificate({ signer, ...early, now: new Date('2026-02-28T00:00:00Z') });
    expect(r).toMatchObject({ status: 'pending', reason: 'certificate.pending' });
  });

  it('stay verifiable after the signing key is rotated', async () => {
    const oldKey = await generateSigningJwk();
    const before = await CertificateSigner.create(oldKey);
    const { jwt, lookup } = await issued(before);
    const after = await CertificateSigner.create(await generateSigningJwk(), [await toPublicJwk(oldKey)]);
    expect(after.kid).not.toBe(before.kid);
    expect(after.jwks(ISSUER).keys.map((k) => k.kid)).toEqual([keyUrl(ISSUER, after.kid), keyUrl(ISSUER, before.kid)]);
    expect((await verifyCertificate({ signer: after, jwt, lookup, now })).status).toBe('valid');
    // Without the retired key published, the same certificate can no longer be checked.
    const forgetful = await CertificateSigner.create(await generateSigningJwk());
    expect((await verifyCertificate({ signer: forgetful, jwt, lookup, now })).status).toBe('tampered');
  });

  it('name their key by a URL under the issuer’s id, where the key is published', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    const { jwt } = await issued(signer);
    const kid = decodeProtectedHeader(jwt).kid!;
    expect(kid).toBe(`${ISSUER}/keys/${signer.kid}`);
    expect(await signer.publicKey(ISSUER, signer.kid)).toEqual(signer.jwks(ISSUER).keys[0]);
    expect(signer.jwks(ISSUER).keys[0]!.kid).toBe(kid);
    expect(await signer.publicKey(ISSUER, 'no-such-key')).toBeUndefined();
  });

  it('stay verifiable when signed under the bare key name, or under another origin’s URL', async () => {
    // A generated key, named by its thumbprint, and a configured one whose own kid holds a "/".
    for (const jwk of [await generateSigningJwk(), { ...(await generateSigningJwk()), kid: 'rotation/2026' }]) {
      const signer = await CertificateSigner.create(jwk);
      const key = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
      const named = await issued(signer);
      expect(decodeProtectedHeader(named.jwt).kid).toBe(keyUrl(ISSUER, jwk.kid!));
      expect((await verifyCertificate({ signer, ...named, now })).status).toBe('valid');
      for (const kid of [jwk.kid!, keyUrl('https://old-host.example.com/v1/issuer', jwk.kid!)]) {
        const jwt = await new SignJWT({ ...credential() }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid }).sign(key);
        const { lookup } = await issued(signer, { credential: jwt });
        expect((await verifyCertificate({ signer, jwt, lookup, now })).status, kid).toBe('valid');
      }
    }
  });

  it('publish only public key material', async () => {
    const signer = await CertificateSigner.create(await generateSigningJwk());
    for (const key of signer.jwks(ISSUER).keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });
});
