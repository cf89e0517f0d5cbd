import { describe, expect, it } from 'vitest';
import { isCalendarDay, parsePartialDate, rangeOf } from '../../src/ontology/partial-date.ts';

describe('partial dates', () => {
  it('turns day, month and year into the range of days they can mean', () => {
    expect(rangeOf('2022-10-07')).toEqual({ start: '2022-10-07', end: '2022-10-07', precision: 'day' });
    expect(rangeOf('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29', precision: 'month' });
    expect(rangeOf('2023')).toEqual({ start: '2023-01-01', end: '2023-12-31', precision: 'year' });
    expect(rangeOf('2023-13')).toBeUndefined();
  });

  it('knows the calendar', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2023-02-29')).toBe(false);
    expect(isCalendarDay('2023-2-1')).toBe(false);
  });

  it('keeps the source words, the resolving source and the note', () => {
    expect(parsePartialDate({ between: ['2023-07-03', '2023-07-06'], text: 'earlier this week', resolvedAgainst: 'src' })).toEqual({
      start: '2023-07-03',
      end: '2023-07-06',
      precision: 'range',
      text: 'earlier this week',
      resolvedAgainst: 'src',
    });
    expect(parsePartialDate({ unknown: true, text: 'last month' })).toEqual({ precision: 'unknown', text: 'last month' });
  });

  it('explains what is wrong', () => {
    expect(parsePartialDate({ on: '2022-10', unknown: true })).toBe("needs exactly one of 'on', 'between' or 'unknown'; got on and unknown");
    expect(parsePartialDate({ on: 'October 2022' })).toBe("'on' is 'October 2022', which is not a valid date; expected YYYY, YYYY-MM or YYYY-MM-DD");
    expect(parsePartialDate({ on: '2022', when: 'x' })).toBe('has unknown field(s) when; allowed: on, between, unknown, text, resolvedAgainst, note');
    expect(parsePartialDate('2022')).toMatch(/^must be a map/);
  });
});
