import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('is one text for one value, whatever the order of object members, at every depth', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ a: [2, { c: 4, d: 3 }], b: 1 })).toBe(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }));
  });

  it('keeps array order, case and every defined member', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 'X' })).not.toBe(canonicalJson({ a: 'x' }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });

  it('lower-cases keys and text when asked', () => {
    expect(canonicalJson({ Verb: 'Completed' }, { lowerCase: true })).toBe('{"verb":"completed"}');
  });
});
