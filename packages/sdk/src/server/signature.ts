import { formatSignature, signedPayload } from '@siso/training-core';

const encoder = new TextEncoder();

/**
 * The `Siso-Signature` header of an ingestion body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` (the format is core's, as the server verifies it). Web Crypto, so it runs in
 * Node ≥ 22, Deno, Bun and edge runtimes alike.
 *
 * @example
 * const header = await signBody({ secret, body: JSON.stringify(batch) });
 */
export async function signBody({
  secret,
  body,
  timestamp = Math.floor(Date.now() / 1000),
}: {
  secret: string;
  body: string;
  timestamp?: number;
}): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(signedPayload(timestamp, body))));
  return formatSignature({ timestamp, signatures: [Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')] });
}
