import { DEFAULT_CATALOG } from '@siso/training-core';
import { describe, expect, it } from 'vitest';
import { activityIndex, mapStatement, parseDuration } from './xapi.ts';

describe('parseDuration', () => {
  it.each([
    ['PT1H0M0S', 3600],
    ['PT1234S', 1234],
    ['PT4.5S', 5],
    ['P1DT2H', 93_600],
    ['P1W', 604_800],
    ['PT30M', 1800],
  ])('%s is %i seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', 'P', 'PT', '1H', 'PT1H30', 'P1H', 'PTXS'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('mapStatement', () => {
  const base = 'https://siso.training/xapi/modules/';
  const activities = activityIndex(DEFAULT_CATALOG, base);
  const now = new Date('2026-05-01T10:00:00Z');
  const statement = (verb: string, result?: object) => ({
    id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
    actor: { objectType: 'Agent' as const, account: { homePage: 'https://portal.example.com', name: 'northwind' } },
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { id: `${base}solution-selling`, objectType: 'Activity' as const },
    ...(result ? { result } : {}),
  });

  it('maps passed to a completion with the scaled score and duration', () => {
    const item = mapStatement(statement('passed', { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' }), {
      activities,
      now,
    });
    expect(item).toMatchObject({
      partnerId: 'northwind',
      change: { kind: 'module', moduleId: 'solution-selling', action: 'complete', score: 95, addSeconds: 1234 },
    });
  });

  it('keeps unknown verbs and activities as ignored', () => {
    expect(mapStatement(statement('attempted'), { activities, now })).toMatchObject({ change: null });
    expect(
      mapStatement({ ...statement('completed'), object: { id: 'http://example.adlnet.gov/xapi/example/simpleCBT' } }, { activities, now }),
    ).toMatchObject({ change: null });
  });

  it('keeps the id in lower case: the same UUID in another case is the same statement', () => {
    const upper = { ...statement('completed'), id: 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0' };
    expect(mapStatement(upper, { activities, now })).toMatchObject({
      id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
      payload: { id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0' },
    });
  });

  it.each([
    ['completed', { completion: false }],
    ['passed', { success: false }],
    ['failed', { success: true }],
  ])('refuses %s with a result that says the opposite (%j)', (verb, result) => {
    expect(mapStatement(statement(verb, result), { activities, now })).toMatchObject({ reason: { code: 'result_contradicts_verb' } });
  });

  it('counts at most a day per statement', () => {
    expect(mapStatement(statement('progressed', { duration: 'PT24H' }), { activities, now })).toMatchObject({
      change: { addSeconds: 86_400 },
    });
    for (const duration of ['PT24H0M1S', 'P2D', 'P9999Y', `PT${'9'.repeat(99)}S`]) {
      expect(mapStatement(statement('progressed', { duration }), { activities, now })).toMatchObject({
        reason: { code: 'duration_out_of_range' },
      });
    }
  });

  it('dates the change by the statement’s timestamp, and says so for a statement it ignores', () => {
    const timestamp = '2026-04-30T08:00:00+02:00';
    expect(mapStatement({ ...statement('completed'), timestamp }, { activities, now })).toMatchObject({
      occurredAt: new Date(timestamp),
      change: { at: new Date(timestamp) },
    });
    expect(mapStatement({ ...statement('attempted'), timestamp }, { activities, now })).toMatchObject({
      occurredAt: new Date(timestamp),
      change: null,
    });
  });

  it('refuses an actor without an account and a bad duration', () => {
    expect(mapStatement({ ...statement('completed'), actor: { mbox: 'mailto:a@example.com' } }, { activities, now })).toMatchObject({
      reason: { code: 'unknown_actor' },
    });
    expect(mapStatement(statement('completed', { duration: 'an hour' }), { activities, now })).toMatchObject({
      reason: { code: 'invalid_duration' },
    });
    // Not an ISO 8601 duration is malformed whatever the verb, also for a statement kept as ignored.
    expect(mapStatement(statement('attempted', { duration: 'an hour' }), { activities, now })).toMatchObject({
      reason: { code: 'invalid_duration' },
    });
  });
});
