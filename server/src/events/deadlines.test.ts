import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../test/support/clock.ts';
import { Deadlines } from './deadlines.ts';

const start = new Date('2026-11-25T10:00:00.000Z').getTime();
const at = (ms: number) => new Date(start + ms);

describe('Deadlines', () => {
  let due: string[];
  let deadlines: Deadlines<string>;
  beforeEach(() => {
    vi.useFakeTimers({ now: start });
    due = [];
    deadlines = new Deadlines({ onDue: (item) => due.push(item) });
  });
  afterEach(() => {
    deadlines.close();
    vi.useRealTimers();
  });

  it('calls each item once its deadline has passed, never before, at most a slot late', () => {
    deadlines.add('b', at(2_500));
    deadlines.add('a', at(1_000));
    deadlines.add('c', at(2_200));
    vi.advanceTimersByTime(999);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(due).toEqual(['a']);
    vi.advanceTimersByTime(1_999);
    expect(due).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(due.sort()).toEqual(['a', 'b', 'c']);
    vi.advanceTimersByTime(60_000);
    expect(due).toHaveLength(3);
  });

  it('re-arms for an earlier deadline added later', () => {
    deadlines.add('late', at(60_000));
    deadlines.add('early', at(500));
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual(['early']);
    vi.advanceTimersByTime(59_000);
    expect(due).toEqual(['early', 'late']);
  });

  it('forgets a deleted item, and a deadline already past is due at once', () => {
    deadlines.add('kept', at(1_000));
    deadlines.add('deleted', at(1_000));
    deadlines.delete('deleted', at(1_000));
    deadlines.add('past', at(-5_000));
    vi.advanceTimersByTime(0);
    expect(due).toEqual(['past']);
    vi.advanceTimersByTime(1_000);
    expect(due).toEqual(['past', 'kept']);
  });

  it('reaches deadlines beyond the longest setTimeout delay', () => {
    const farAway = 40 * 24 * 3_600_000; // more than 2^31 - 1 ms
    deadlines.add('far', at(farAway));
    vi.advanceTimersByTime(farAway - 1);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(due).toEqual(['far']);
  });

  it('calls nothing after close', () => {
    deadlines.add('a', at(1_000));
    deadlines.close();
    vi.advanceTimersByTime(5_000);
    expect(due).toEqual([]);
  });

  it('judges what is due by its clock: a moved clock and fireDue() end what expired, and nothing else', () => {
    const clock = new ManualClock(at(0));
    const moved: string[] = [];
    const own = new Deadlines<string>({ clock, onDue: (item) => moved.push(item) });
    own.add('soon', at(10_000));
    own.add('later', at(70_000));
    clock.advance({ seconds: 9 });
    own.fireDue();
    expect(moved).toEqual([]);
    clock.advance({ seconds: 2 });
    own.fireDue();
    expect(moved).toEqual(['soon']);
    clock.advance({ seconds: 60 });
    own.fireDue();
    expect(moved).toEqual(['soon', 'later']);
    own.close();
  });
});
