import {
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
} from 'jose';
import type { PublicKeyJwk } from '@siso/training-core';
import type { OpenBadgeCredential } from './credential.ts';

/** A W3C Bitstring Status List credential (certificates/status-list.ts), signed like the certificates. */
export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
}

/**
 * A public Ed25519 key as stored: `kid` is its name (its thumbprint, or the configured key's own
 * `kid`). On the wire it is published under its URL instead (`keyUrl`).
 */
export interface StoredPublicKey extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

/**
 * Where a key is published: under the issuer's id, so that a VC-JWT's `kid` is a URL that
 * dereferences to the key, as Open Badges 3.0 asks of a header without `jwk`.
 */
export const keyUrl = (issuerId: string, name: string): string => `${issuerId}/keys/${encodeURIComponent(name)}`;

/**
 * The name of the key a VC-JWT header's `kid` points at: the last segment of its URL, or the
 * `kid` itself for credentials signed when it was the bare name.
 */
export function keyName(kid: string): string {
  const slash = kid.lastIndexOf('/');
  if (slash < 0) return kid;
  try {
    return decodeURIComponent(kid.slice(slash + 1));
  } catch {
    return kid; // a malformed escape names no key of ours
  }
}

const issuerIdOf = (credential: OpenBadgeCredential | StatusListCredential) =>
  typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

const RELOAD_INTERVAL_MS = 30_000;

/**
 * Signs certificates as VC-JWTs (Open Badges 3.0 §8.2: the credential is the JWT payload, with
 * `iss`, `jti`, `sub`, `nbf`, `exp`) with the current Ed25519 key, and verifies them against
 * every published key, so certificates signed before a rotation stay verifiable.
 */
export class CertificateSigner {
  readonly kid: string;
  readonly #privateKey: SigningKey;
  readonly #published: Map<string, StoredPublicKey>;

  readonly #reload: (() => Promise<readonly StoredPublicKey[]>) | undefined;
  #reloadedAt = 0;

  private constructor(
    kid: string,
    privateKey: SigningKey,
    published: readonly StoredPublicKey[],
    reload?: () => Promise<readonly StoredPublicKey[]>,
  ) {
    this.kid = kid;
    this.#privateKey = privateKey;
    this.#published = new Map(published.map((k) => [k.kid, k]));
    this.#reload = reload;
  }

  /**
   * @param current the private JWK that signs
   * @param retired public JWKs that still verify
   * @param reload reads the published keys again, for a key another node added after this one started
   */
  static async create(
    current: JWK,
    retired: readonly StoredPublicKey[] = [],
    reload?: () => Promise<readonly StoredPublicKey[]>,
  ): Promise<CertificateSigner> {
    const publicJwk = await toPublicJwk(current);
    const privateKey = await importJWK({ ...current, alg: 'EdDSA' }, 'EdDSA');
    return new CertificateSigner(publicJwk.kid, privateKey, [publicJwk, ...retired.filter((k) => k.kid !== publicJwk.kid)], reload);
  }

  /**
   * Reads the published keys again (a key another node started signing with), at most once
   * per `RELOAD_INTERVAL_MS`: verification is public, and junk key ids must not each cost a query.
   */
  async refresh(): Promise<void> {
    if (!this.#reload || Date.now() - this.#reloadedAt < RELOAD_INTERVAL_MS) return;
    this.#reloadedAt = Date.now();
    for (const k of await this.#reload()) this.#published.set(k.kid, k);
  }

  /** The JWKS document (`/.well-known/jwks.json`): every published key under its URL. */
  jwks(issuerId: string): { keys: PublicKeyJwk[] } {
    return { keys: [...this.#published.values()].map((k) => published(issuerId, k)) };
  }

  /** One published key under its URL (`/v1/issuer/keys/{name}`), or undefined. */
  async publicKey(issuerId: string, name: string): Promise<PublicKeyJwk | undefined> {
    if (!this.#published.has(name)) await this.refresh();
    const key = this.#published.get(name);
    return key && published(issuerId, key);
  }

  async sign(credential: OpenBadgeCredential | StatusListCredential): Promise<string> {
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    const jwt = new SignJWT({ ...credential })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keyUrl(issuerIdOf(credential), this.kid) })
      .setIssuer(issuerIdOf(credential))
      .setJti(credential.id)
      .setSubject(credential.credentialSubject.id)
      .setNotBefore(seconds(credential.validFrom))
      .setIssuedAt(seconds(credential.validFrom));
    if ('validUntil' in credential) jwt.setExpirationTime(seconds(credential.validUntil));
    return jwt.sign(this.#privateKey);
  }

  /**
   * The credential inside a VC-JWT whose signature verifies with one of the published keys;
   * throws otherwise. Time claims are not judged here (an expired certificate is still
   * authentic), the caller decides what expiry means.
   */
  async open(jwt: string): Promise<OpenBadgeCredential> {
    const kid = decodeProtectedHeader(jwt).kid;
    if (kid === undefined) throw new Error('no key id');
    // A bare name may hold a "/" of its own (a configured key's `kid`): it is looked up whole first.
    const name = this.#published.has(kid) ? kid : keyName(kid);
    if (!this.#published.has(name)) await this.refresh();
    const jwk = this.#published.get(name);
    if (!jwk) throw new Error('signed with an unknown key');
    const key = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
    // compactVerify checks the signature only; jwtVerify would also reject expired tokens.
    const { payload } = await compactVerify(jwt, key, { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload)) as OpenBadgeCredential;
  }
}

/** A fresh Ed25519 private JWK with its thumbprint as `kid`. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk) };
}

export async function toPublicJwk(jwk: JWK): Promise<StoredPublicKey> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('certificate signing keys must be Ed25519 (kty OKP, crv Ed25519)');
  }
  const publicJwk = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: jwk.x };
  return { ...publicJwk, kid: jwk.kid ?? (await calculateJwkThumbprint(publicJwk)), alg: 'EdDSA', use: 'sig' };
}

/** A stored key as it is published: the public members only, named by its URL. */
const published = (issuerId: string, { kty, crv, x, kid }: StoredPublicKey): PublicKeyJwk => ({
  kty,
  crv,
  x,
  kid: keyUrl(issuerId, kid),
  alg: 'EdDSA',
  use: 'sig',
});
