import type { ProblemFieldError } from '../errors/problem.ts';
import { pointer } from './pointer.ts';

/**
 * How deep a JSON value may nest. Every real body of this API nests under ten levels (an xAPI
 * statement's `extensions` a few more); past this, anything that walks or serialises the value
 * (`JSON.stringify` in a database driver) would recurse as deep as a sender likes.
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach an object's prototype wherever something assigns or merges them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor']);

export interface ShapeOptions {
  /** Walk strings too (`mayHoldUnstorable` of the text): without such an escape none can be unstorable. */
  checkText: boolean;
  /** Where the value sits in the body, for the issue's pointer. */
  prefix?: readonly PropertyKey[];
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: PropertyKey | undefined;
}

/**
 * The first thing in a parsed JSON value refused before any schema sees it: nesting deeper than
 * `MAX_JSON_DEPTH`, a key naming a prototype, or text PostgreSQL cannot store (U+0000 and unpaired
 * surrogates are valid JSON, but neither text nor jsonb takes them). Iterative, so a value of any
 * depth is answered with an issue, never a stack overflow.
 */
export function shapeIssue(value: unknown, { checkText, prefix = [] }: ShapeOptions): ProblemFieldError | undefined {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  const issue = (frame: Frame, code: string, detail: string): ProblemFieldError => {
    const path: PropertyKey[] = [];
    for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key!);
    return { pointer: pointer([...prefix, ...path]) || '/', code, detail };
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      const what = checkText ? unstorable(v) : undefined;
      if (what) return issue(frame, 'invalid_characters', `Contains ${what}, which cannot be stored.`);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (frame.depth >= MAX_JSON_DEPTH) return issue(frame, 'too_deep', `Nests deeper than ${MAX_JSON_DEPTH} levels.`);
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push({ value: v[i], depth, parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i]!;
      const at: Frame = { value: (v as Record<string, unknown>)[key], depth, parent: frame, key };
      if (PROTOTYPE_KEYS.has(key)) return issue(at, 'prototype_key', `"${key}" is not accepted as a key.`);
      const what = checkText ? unstorable(key) : undefined;
      if (what) return issue(at, 'invalid_characters', `Its key contains ${what}, which cannot be stored.`);
      stack.push(at);
    }
  }
  return undefined;
}

function unstorable(s: string): string | undefined {
  if (s.includes('\0')) return 'U+0000 (NUL)';
  // With the u flag, \p{Cs} matches only a surrogate that is not half of a pair.
  return /\p{Cs}/u.test(s) ? 'an unpaired surrogate' : undefined;
}
