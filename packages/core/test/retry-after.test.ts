import { describe, expect, it } from 'vitest';
import { clampDelay, MAX_TIMER_DELAY_MS, parseRetryAfter } from '../src/internal.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and unparseable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('clamps huge values to what a timer can hold', () => {
    expect(parseRetryAfter('99999999999', now)).toBe(MAX_TIMER_DELAY_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_TIMER_DELAY_MS);
  });
});

describe('clampDelay', () => {
  it('keeps delays within [0, 2^31-1]', () => {
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(Number.NaN)).toBe(0);
    expect(clampDelay(10.2)).toBe(11);
    expect(clampDelay(2 ** 40)).toBe(2 ** 31 - 1);
    expect(clampDelay(Number.POSITIVE_INFINITY)).toBe(2 ** 31 - 1);
  });
});
