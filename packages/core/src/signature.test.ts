import { describe, expect, it } from 'vitest';
import {
  formatSignature,
  isSignatureFresh,
  parseSignature,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signedPayload,
} from './signature.ts';

const hex = (c: string) => c.repeat(64);

describe('ingestion signature format', () => {
  it('signs "<t>.<raw body>" and names the header as Headers do', () => {
    expect(signedPayload(1_800_000_000, '{"events":[]}')).toBe('1800000000.{"events":[]}');
    expect(SIGNATURE_HEADER).toBe('siso-signature');
    expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
  });

  it('formats and parses back, with several v1 entries for a rotation', () => {
    const header = formatSignature({ timestamp: 1_800_000_000, signatures: [hex('a'), hex('b')] });
    expect(header).toBe(`t=1800000000,v1=${hex('a')},v1=${hex('b')}`);
    expect(parseSignature(header)).toEqual({ timestamp: 1_800_000_000, signatures: [hex('a'), hex('b')] });
  });

  it('reads spaces, upper-case hex and unknown entries; the last valid t counts', () => {
    expect(parseSignature(` t=1 , v2=${hex('c')}, v1=${hex('A')},t=2,t=x`)).toEqual({ timestamp: 2, signatures: [hex('a')] });
  });

  it.each([
    ['no t', `v1=${hex('a')}`],
    ['no v1', 't=1800000000'],
    ['a t that is not digits', `t=abc,v1=${hex('a')}`],
    ['a t of 13 digits', `t=1800000000000,v1=${hex('a')}`],
    ['a v1 that is not 64 hex digits', `t=1,v1=${'a'.repeat(63)}`],
    ['a v1 that is not hex', `t=1,v1=${hex('z')}`],
    ['nothing', ''],
  ])('refuses a header with %s', (_what, header) => {
    expect(parseSignature(header)).toBeNull();
  });

  it('accepts a timestamp within the tolerance either way, and not one second past it', () => {
    const now = 1_800_000_000;
    expect(isSignatureFresh({ timestamp: now - 300, nowSeconds: now })).toBe(true);
    expect(isSignatureFresh({ timestamp: now + 300, nowSeconds: now })).toBe(true);
    expect(isSignatureFresh({ timestamp: now - 301, nowSeconds: now })).toBe(false);
    expect(isSignatureFresh({ timestamp: now + 2, nowSeconds: now, toleranceSeconds: 1 })).toBe(false);
  });
});
