// The format of a signed ingestion body (DESIGN, "Training system"), said once for the server that
// verifies it and the SDK that signs it. Computing the HMAC stays with each side: the server signs
// and verifies synchronously with node:crypto, the SDK with Web Crypto (async, any runtime); core
// imports neither.

/** The header that carries the signature, lower case as `Headers` and Hono name it (`Siso-Signature`). */
export const SIGNATURE_HEADER = 'siso-signature';

/** The header's format, as documentation and error messages show it. */
export const SIGNATURE_FORMAT = 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">';

/** How far, by default, a signature's timestamp may be from the verifier's clock: five minutes. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** What each signature is the hex HMAC-SHA256 of: `<unix seconds>.<raw body>`. */
export const signedPayload = (timestamp: number, body: string): string => `${timestamp}.${body}`;

/** A parsed `Siso-Signature` header: when it was signed, and every `v1=` signature (lower-case hex). */
export interface SignatureHeader {
  /** Unix seconds. */
  timestamp: number;
  /** At least one; several while a secret is being rotated. */
  signatures: string[];
}

/**
 * The header value `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`.
 *
 * @example
 * formatSignature({ timestamp: 1_800_000_000, signatures: [hmacHex] }); // 't=1800000000,v1=…'
 */
export function formatSignature({ timestamp, signatures }: SignatureHeader): string {
  return [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(',');
}

/**
 * Reads a header value; null when it has no valid `t=` (1–12 digits) or no valid `v1=` (64 hex
 * digits). Unknown entries (a future `v2=`) are skipped; of several `t=` the last valid one counts.
 *
 * @example
 * parseSignature('t=1800000000,v1=5f…'); // { timestamp: 1800000000, signatures: ['5f…'] }
 */
export function parseSignature(header: string): SignatureHeader | null {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? null : { timestamp, signatures };
}

/** Whether a signature's timestamp is within `toleranceSeconds` of now, either way (clocks drift both ways). */
export function isSignatureFresh({
  timestamp,
  nowSeconds,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
}: {
  timestamp: number;
  /** The verifier's clock, in Unix seconds. */
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  return Math.abs(nowSeconds - timestamp) <= toleranceSeconds;
}

/** Why a signature was refused, in the order a verifier checks: no header, unreadable, too old or new, wrong MAC. */
export type SignatureFailure = 'missing' | 'malformed' | 'expired' | 'mismatch';
