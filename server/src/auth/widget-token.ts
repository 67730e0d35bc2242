import { createHash } from 'node:crypto';
import { MAX_WIDGET_TOKEN_TTL_SECONDS } from '@siso/training-core';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const WIDGET_TOKEN_ISSUER = 'siso-training';
export const WIDGET_TOKEN_AUDIENCE = 'siso-training:widget';
/** How far ahead of this server's clock a token's `iat` may be: nodes' clocks differ by a little. */
const ISSUED_AT_SKEW_SECONDS = 5;

/**
 * Widget token signing keys. The first signs; all verify, so a rotated-out secret keeps its
 * tokens valid until they expire (at most 15 minutes) and then can be removed.
 */
export class WidgetTokenKeys {
  readonly #keys: { kid: string; key: Uint8Array }[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('at least one widget token secret is required');
    this.#keys = secrets.map((secret) => ({
      kid: createHash('sha256').update(secret).digest('base64url').slice(0, 12),
      key: new TextEncoder().encode(secret),
    }));
  }

  get signing() {
    return this.#keys[0]!;
  }

  find(kid: string | undefined) {
    return this.#keys.find((k) => k.kid === kid);
  }
}

export interface MintWidgetTokenOptions {
  keys: WidgetTokenKeys;
  partnerId: string;
  ttlSeconds: number;
  /** The clock's time: the token is valid from then. */
  now: Date;
}

/**
 * A short-lived token that lets a widget read one partner's training and nothing else.
 *
 * @example
 * const { token, expiresAt } = await mintWidgetToken({ keys, partnerId: 'northwind', ttlSeconds: 600, now: clock.now() });
 */
export async function mintWidgetToken({ keys, partnerId, ttlSeconds, now }: MintWidgetTokenOptions) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(ttlSeconds, MAX_WIDGET_TOKEN_TTL_SECONDS);
  const { kid, key } = keys.signing;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .setIssuer(WIDGET_TOKEN_ISSUER)
    .setAudience(WIDGET_TOKEN_AUDIENCE)
    .setSubject(partnerId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export interface VerifiedWidgetToken {
  partnerId: string;
  expiresAt: Date;
}

/** Why a token was refused; the message is safe to show a client. */
export class WidgetTokenError extends Error {
  override name = 'WidgetTokenError';
}

/** Verifies a widget token as of `now` (the clock's time). */
export async function verifyWidgetToken(keys: WidgetTokenKeys, token: string, now: Date): Promise<VerifiedWidgetToken> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const found = keys.find(header.kid);
        if (!found) throw new WidgetTokenError('The token was signed with an unknown key.');
        return found.key;
      },
      {
        issuer: WIDGET_TOKEN_ISSUER,
        audience: WIDGET_TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: now,
      },
    );
    // Whoever holds a secret could sign a token for ten years: the lifetime minting allows is
    // enforced here too, and a token cannot have been issued later than now.
    const iat = payload.iat!;
    const exp = payload.exp!;
    if (iat > now.getTime() / 1000 + ISSUED_AT_SKEW_SECONDS) throw new WidgetTokenError('The token\'s "iat" claim lies in the future.');
    if (exp - iat > MAX_WIDGET_TOKEN_TTL_SECONDS)
      throw new WidgetTokenError(`The token lives longer than ${MAX_WIDGET_TOKEN_TTL_SECONDS} s; mint it with POST /v1/widget-tokens.`);
    return { partnerId: payload.sub!, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof WidgetTokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new WidgetTokenError('The token has expired.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new WidgetTokenError(`The token's "${error.claim}" claim is not valid for this API.`);
    }
    throw new WidgetTokenError('The token is malformed or its signature does not verify.');
  }
}
