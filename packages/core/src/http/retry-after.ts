import { MAX_TIMER_DELAY_MS } from '../timing.js';

/**
 * Parses a `Retry-After` header (delay-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined for a missing or unparseable header; never negative; clamped to the largest
 * delay a timer can hold.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Number(text) * 1000, MAX_TIMER_DELAY_MS);
  // An HTTP-date names a day and month; anything else (e.g. "-5") is not one.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_TIMER_DELAY_MS);
}
