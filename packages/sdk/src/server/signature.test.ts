import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody } from './signature.ts';

describe('signBody', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as the API verifies it', async () => {
    const body = JSON.stringify({ events: [] });
    const expected = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    expect(await signBody({ secret: 'secret', body, timestamp: 1_700_000_000 })).toBe(`t=1700000000,v1=${expected}`);
  });
});
