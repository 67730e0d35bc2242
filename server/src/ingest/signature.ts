import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  formatSignature,
  isSignatureFresh,
  parseSignature,
  SIGNATURE_HEADER,
  signedPayload,
  type SignatureFailure,
} from '@siso/training-core';

// The format (header, payload, parsing, tolerance) is core's, shared with the SDK that signs;
// here only the HMAC, with node:crypto so that signing and verifying stay synchronous.
export { SIGNATURE_HEADER };
export type { SignatureFailure };

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(signedPayload(timestamp, body));

/**
 * `Siso-Signature: t=<unix seconds>,v1=<hex>` where v1 is HMAC-SHA256 over `<t>.<raw body>`.
 *
 * @example
 * const header = signBody({ secret, body, timestamp: Math.floor(Date.now() / 1000) });
 */
export function signBody({ secret, body, timestamp }: { secret: string; body: string; timestamp: number }): string {
  return formatSignature({ timestamp, signatures: [hmac(secret, timestamp, body).digest('hex')] });
}

export interface VerifySignatureOptions {
  header: string | undefined;
  body: string;
  /** Any of them may have signed (rotation). */
  secrets: readonly string[];
  toleranceSeconds: number;
  /** The clock's time in Unix seconds. */
  nowSeconds: number;
}

/** Null when the signature verifies; otherwise why not. Several `v1=` entries are allowed. */
export function verifySignature({ header, body, secrets, toleranceSeconds, nowSeconds }: VerifySignatureOptions): SignatureFailure | null {
  if (!header) return 'missing';
  const parsed = parseSignature(header);
  if (!parsed) return 'malformed';
  const { timestamp } = parsed;
  if (!isSignatureFresh({ timestamp, nowSeconds, toleranceSeconds })) return 'expired';
  const signatures = parsed.signatures.map((s) => Buffer.from(s, 'hex'));
  for (const secret of secrets) {
    const expected = hmac(secret, timestamp, body).digest();
    if (signatures.some((s) => timingSafeEqual(s, expected))) return null;
  }
  return 'mismatch';
}
