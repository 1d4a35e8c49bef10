import { InvalidArgumentError } from 'commander';
import ms from 'ms';

/** Parses `90s`, `10m`, `1h`, `500ms` or a bare number of milliseconds, for commander options. */
export function parseDuration(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`not a duration: ${JSON.stringify(text)} (try 30s, 10m, 1h)`);
  }
  return value;
}

/** `1.2s`, `3m`: durations for people. */
export function duration(milliseconds: number): string {
  return ms(Math.max(0, Math.round(milliseconds)));
}
