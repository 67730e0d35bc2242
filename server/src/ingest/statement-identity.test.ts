import { describe, expect, it } from 'vitest';
import { canonicalStatementId, sameStatement } from './statement-identity.ts';

const statement = {
  id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
  actor: { objectType: 'Agent', account: { homePage: 'https://portal.example.com', name: 'northwind' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
  object: {
    id: 'https://siso.training/xapi/modules/solution-selling',
    objectType: 'Activity',
    definition: { name: { 'en-US': 'Solution selling' } },
  },
  result: { score: { scaled: 0.9 }, success: true, duration: 'PT1H' },
  context: {
    registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
    contextActivities: {
      parent: [{ id: 'https://siso.training/xapi/courses/sales', definition: { type: 'http://adlnet.gov/expapi/activities/course' } }],
    },
  },
  timestamp: '2026-05-01T10:00:00Z',
};

describe('canonicalStatementId', () => {
  it('is the UUID in lower case', () => expect(canonicalStatementId('FD41C918-b88b-4B20-A0A5-A4C32391AAA0')).toBe(statement.id));
});

describe('sameStatement', () => {
  it.each([
    ['the id in another case', { id: statement.id.toUpperCase() }],
    [
      'what an LRS sets',
      {
        timestamp: '2026-05-01T12:00:00+02:00',
        stored: '2026-05-02T00:00:00Z',
        version: '1.0.3',
        authority: { mbox: 'mailto:lrs@example.com' },
      },
    ],
    ['the verb display', { verb: { id: statement.verb.id, display: { 'de-DE': 'bestanden' } } }],
    [
      'activity definitions',
      {
        object: { id: statement.object.id },
        context: { ...statement.context, contextActivities: { parent: [{ id: 'https://siso.training/xapi/courses/sales' }] } },
      },
    ],
    ['case', { context: { ...statement.context, registration: statement.context.registration.toUpperCase() } }],
  ])('ignores %s', (_what, change) => {
    expect(sameStatement(statement, { ...statement, ...change })).toBe(true);
  });

  it('ignores the order of object members and of a group’s members', () => {
    const reordered = Object.fromEntries(Object.entries(statement).reverse());
    expect(sameStatement(statement, reordered)).toBe(true);
    const group = (...names: string[]) => ({
      ...statement,
      actor: { objectType: 'Group', member: names.map((name) => ({ account: { homePage: 'https://x.example', name } })) },
    });
    expect(sameStatement(group('a', 'b'), group('b', 'a'))).toBe(true);
    expect(sameStatement(group('a', 'b'), group('a', 'c'))).toBe(false);
  });

  it.each([
    ['another result', { result: { ...statement.result, success: false } }],
    ['another duration', { result: { ...statement.result, duration: 'PT9H' } }],
    ['another actor', { actor: { account: { homePage: 'https://portal.example.com', name: 'fabrikam' } } }],
    ['another verb', { verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } }],
    ['another object', { object: { id: 'https://siso.training/xapi/modules/pricing-and-licensing' } }],
    ['no result', { result: undefined }],
  ])('tells apart %s', (_what, change) => {
    expect(sameStatement(statement, { ...statement, ...change })).toBe(false);
  });
});
