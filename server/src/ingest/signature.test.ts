import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.ts';

const secret = 'whsec-test-secret-test-secret-0123456789';
const body = '{"events":[]}';
const now = 1_800_000_000;

describe('ingestion signatures', () => {
  it('verifies what it signs, with any of the rotated secrets', () => {
    const header = signBody({ secret, body, timestamp: now });
    expect(
      verifySignature({
        header,
        body,
        secrets: ['another-secret-another-secret-0000', secret],
        toleranceSeconds: 300,
        nowSeconds: now + 10,
      }),
    ).toBeNull();
  });

  it.each([
    ['missing', undefined],
    ['malformed', 't=abc,v1=zz'],
    ['malformed', `t=${now}`],
  ])('refuses a %s header', (failure, header) => {
    expect(verifySignature({ header, body, secrets: [secret], toleranceSeconds: 300, nowSeconds: now })).toBe(failure);
  });

  it('refuses a stale timestamp and a changed body', () => {
    const header = signBody({ secret, body, timestamp: now });
    expect(verifySignature({ header, body, secrets: [secret], toleranceSeconds: 300, nowSeconds: now + 301 })).toBe('expired');
    expect(verifySignature({ header, body: `${body} `, secrets: [secret], toleranceSeconds: 300, nowSeconds: now })).toBe('mismatch');
  });

  it('matches the documented openssl example', () => {
    // printf '%s.%s' 1800000000 '{"events":[]}' | openssl dgst -sha256 -hmac "$SECRET"
    expect(signBody({ secret, body, timestamp: now })).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
  });
});
