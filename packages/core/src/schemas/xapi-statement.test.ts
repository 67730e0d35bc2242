import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { XapiStatementSchema } from './api.ts';

const valid = {
  id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
  actor: { objectType: 'Agent', account: { homePage: 'https://portal.example.com', name: 'northwind' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  object: { id: 'https://siso.training/xapi/modules/solution-selling', objectType: 'Activity' },
  result: { completion: true, duration: 'PT30M', extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': 100 } },
  version: '1.0.3',
};

const paths = (value: unknown) => {
  const result = z.safeParse(XapiStatementSchema, value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('/'));
};

describe('XapiStatementSchema', () => {
  it('takes a statement shaped like the specification’s examples, ids in any case', () => {
    expect(paths(valid)).toEqual([]);
    expect(paths({ ...valid, id: valid.id.toUpperCase() })).toEqual([]);
    expect(paths({ ...valid, object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' } })).toEqual([]);
    expect(paths({ ...valid, verb: { id: 'urn:x-siso:verb:reviewed' } })).toEqual([]);
  });

  it.each([
    ['a verb id with a line break', { ...valid, verb: { id: 'a\r\nX-Injected: 1' } }, 'verb/id'],
    ['a verb id without a scheme', { ...valid, verb: { id: 'completed' } }, 'verb/id'],
    ['a verb id with a space', { ...valid, verb: { id: 'http://adlnet.gov/expapi/verbs/ completed' } }, 'verb/id'],
    ['a verb id with a broken escape', { ...valid, verb: { id: 'http://example.com/%zz' } }, 'verb/id'],
    ['an empty display string', { ...valid, verb: { ...valid.verb, display: { 'en-US': '' } } }, 'verb/display/en-US'],
    [
      'a display key that is no language tag',
      { ...valid, verb: { ...valid.verb, display: { 'en US': 'completed' } } },
      'verb/display/en US',
    ],
    ['an empty homePage', { ...valid, actor: { account: { homePage: '', name: 'northwind' } } }, 'actor/account/homePage'],
    [
      'a homePage that is no IRL',
      { ...valid, actor: { account: { homePage: 'portal.example.com', name: 'northwind' } } },
      'actor/account/homePage',
    ],
    ['an mbox that is no mailto IRI', { ...valid, actor: { mbox: 'someone@example.com' } }, 'actor/mbox'],
    ['an extension key that is no IRI', { ...valid, result: { extensions: { progress: 100 } } }, 'result/extensions/progress'],
    ['an unknown version', { ...valid, version: '0.95' }, 'version'],
  ])('refuses %s', (_what, statement, path) => {
    expect(paths(statement)).toContain(path);
  });

  it('refuses an activity id that is no IRI, and a statement reference whose id is no UUID', () => {
    expect(paths({ ...valid, object: { id: 'solution-selling' } })).not.toEqual([]);
    expect(paths({ ...valid, object: { objectType: 'StatementRef', id: 'https://example.com/statement' } })).not.toEqual([]);
  });
});
