import { describe, expect, test } from 'vitest';
import { formatDuration, parseDuration, roundDuration } from './duration.js';
import { formatTime, GoTime, UTC } from './gotime.js';
import { parseTime } from './timeparse.js';

describe('durations', () => {
  test.for([
    ['1h2m3.5s', 3723500000000n],
    ['1.5h', 5400000000000n],
    ['-90m', -5400000000000n],
    ['+1us', 1000n],
    ['1µs', 1000n],
    ['0', 0n],
    ['.5s', 500000000n],
    ['2562047h47m16.854775807s', 9223372036854775807n],
  ] as const)('parseDuration(%j) = %s', ([s, want]) => {
    expect(parseDuration(s)).toBe(want);
  });

  test.for([
    ['', 'time: invalid duration ""'],
    ['1', 'time: missing unit in duration "1"'],
    ['1y', 'time: unknown unit "y" in duration "1y"'],
    ['.s', 'time: invalid duration ".s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ] as const)('parseDuration(%j) fails', ([s, msg]) => {
    expect(() => parseDuration(s)).toThrow(msg);
  });

  test.for([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [2000000n, '2ms'],
    [3723500000000n, '1h2m3.5s'],
    [-60000000000n, '-1m0s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ] as const)('formatDuration(%s) = %s', ([d, want]) => {
    expect(formatDuration(d)).toBe(want);
  });

  test('roundDuration rounds halves away from zero', () => {
    expect(roundDuration(1500000000n, 1000000000n)).toBe(2000000000n);
    expect(roundDuration(-1500000000n, 1000000000n)).toBe(-2000000000n);
    expect(roundDuration(1499999999n, 1000000000n)).toBe(1000000000n);
  });
});

describe('formatTime', () => {
  const t = new GoTime(1709633130, 120000000, UTC); // 2024-03-05 10:05:30.12 UTC, a Tuesday
  test.for([
    ['2006-01-02T15:04:05Z07:00', '2024-03-05T10:05:30Z'],
    ['Mon Jan _2 3:4:5 PM 06', 'Tue Mar  5 10:5:30 AM 24'],
    ['Monday January 2 002 __2', 'Tuesday March 5 065  65'],
    ['.000 .999 ,9 .0', '.120 .12 ,1 .1'],
    ['-07:00:00 -0700 Z0700 MST', '+00:00:00 +0000 Z UTC'],
    ['Janet _2006 1504', 'Janet _2024 1005'],
  ] as const)('%j', ([layout, want]) => {
    expect(formatTime(t, layout)).toBe(want);
  });

  test('zero time prints as Go does', () => {
    expect(GoTime.zero().String()).toBe('0001-01-01 00:00:00 +0000 UTC');
  });
});

describe('parseTime', () => {
  test.for([
    ['2006-01-02', '2024-02-29', '2024-02-29 00:00:00 +0000 UTC'],
    ['2006-01-02T15:04:05Z07:00', '2024-03-05T10:20:30-02:00', '2024-03-05 10:20:30 -0200 -0200'],
    ['Jan _2 15:04:05.000', 'Mar  5 10:20:30.250', '0000-03-05 10:20:30.25 +0000 UTC'],
    ['3:04PM', '1:02PM', '0000-01-01 13:02:00 +0000 UTC'],
    ['2006 002', '2024 060', '2024-02-29 00:00:00 +0000 UTC'],
  ] as const)('%j %j', ([layout, value, want]) => {
    expect(parseTime(layout, value, UTC).String()).toBe(want);
  });

  test.for([
    ['2006-01-02', '2023-02-29', 'parsing time "2023-02-29": day out of range'],
    ['2006-01-02', '24-01-01', 'parsing time "24-01-01" as "2006-01-02": cannot parse "24-01-01" as "2006"'],
    ['15:04', '25:00', 'parsing time "25:00": hour out of range'],
    ['2006', '2024 ', 'parsing time "2024 ": extra text: " "'],
  ] as const)('%j %j fails', ([layout, value, msg]) => {
    expect(() => parseTime(layout, value, UTC)).toThrow(msg);
  });
});
