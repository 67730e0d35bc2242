import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'siso-signature';

/**
 * `Siso-Signature: t=<unix seconds>,v1=<hex>` where v1 is HMAC-SHA256 over `<t>.<raw body>`.
 *
 * @example
 * const header = signBody({ secret, body, timestamp: Math.floor(Date.now() / 1000) });
 */
export function signBody({ secret, body, timestamp }: { secret: string; body: string; timestamp: number }): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureFailure = 'missing' | 'malformed' | 'expired' | 'mismatch';

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
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'expired';
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
    if (signatures.some((s) => timingSafeEqual(s, expected))) return null;
  }
  return 'mismatch';
}
