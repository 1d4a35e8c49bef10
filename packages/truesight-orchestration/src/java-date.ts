/*
 * `startTime` is Java's `Date.toString()`: `EEE MMM dd HH:mm:ss zzz yyyy`, in the server's time
 * zone, e.g. `Wed Dec 31 17:59:59 CST 1969`. Zone abbreviations are ambiguous in general (IST,
 * BST…), so only unambiguous ones and Java's `GMT+05:30` form are converted; anything else stays
 * text only.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets in minutes. Java prints US abbreviations for US zones (CST is US Central here). */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
};

const PATTERN = /^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\S+)\s+(-?\d{4,})\s*$/;

function zoneOffset(zone: string): number | undefined {
  const known = ZONES[zone.toUpperCase()];
  if (known !== undefined) return known;
  const custom = /^(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})$/i.exec(zone);
  if (!custom) return undefined;
  const minutes = Number(custom[2]) * 60 + Number(custom[3]);
  return custom[1] === '-' ? -minutes : minutes;
}

/** Parses Java `Date.toString()` text; undefined when the format or the zone is not recognised. */
export function parseJavaDate(text: string | null | undefined): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, monthName = '', day, hours, minutes, seconds, zone = '', year] = match;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const offset = zoneOffset(zone);
  if (month < 0 || offset === undefined) return undefined;
  const fields = [Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds)] as const;
  if (fields[2] < 1 || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 60) return undefined;
  const utc = Date.UTC(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]) - offset * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
