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
    object: { id: `${base}solution-selling`, objectType: 'Activity' },
    ...(result ? { result } : {}),
  });

  it('maps passed to a completion with the scaled score and duration', () => {
    const item = mapStatement(statement('passed', { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' }), { activities, now });
    expect(item).toMatchObject({ partnerId: 'northwind', change: { kind: 'module', moduleId: 'solution-selling', action: 'complete', score: 95, addSeconds: 1234 } });
  });

  it('keeps unknown verbs and activities as ignored', () => {
    expect(mapStatement(statement('attempted'), { activities, now })).toMatchObject({ change: null });
    expect(mapStatement({ ...statement('completed'), object: { id: 'http://example.adlnet.gov/xapi/example/simpleCBT' } }, { activities, now })).toMatchObject({ change: null });
  });

  it('refuses an actor without an account and a bad duration', () => {
    expect(mapStatement({ ...statement('completed'), actor: { mbox: 'mailto:a@example.com' } }, { activities, now })).toMatchObject({ reason: { code: 'unknown_actor' } });
    expect(mapStatement(statement('completed', { duration: 'an hour' }), { activities, now })).toMatchObject({ reason: { code: 'invalid_duration' } });
  });
});
