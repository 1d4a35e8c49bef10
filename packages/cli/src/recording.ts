// `check --record` and `check --replay`: what the CLI adds to the testkit's recorder and replayer —
// the provenance of a run (who recorded it, the product's version, the settings the probes started
// from), the settings a replay runs with, and which body file each reported answer is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { type CapturedExchange, RECORDING_INDEX, type Recording, type RecordingEntry, writeRecording } from '@jobwire/testkit';
import type { CheckReport, ExchangeReport, RecordingReport } from './check.js';
import { cliManifest, cliVersion, discoverVendors } from './vendors.js';

/** What a secret setting holds on replay: the recording has none, and its requests carry none. */
export const REPLAYED_SECRET = 'recorded-secret-not-kept';

/** Setting keys whose values are user names: anonymized as users. */
const USER_SETTINGS = ['username', 'clientId'];

/** `@jobwire/cli@0.1.0` and the vendor's package, `@jobwire/alteryx-server@0.1.0`, where it is found. */
export function recordedBy(vendor: string): string[] {
  const by = [`${typeof cliManifest.name === 'string' ? cliManifest.name : '@jobwire/cli'}@${cliVersion}`];
  const found = discoverVendors().find((v) => v.id === vendor);
  if (found) {
    try {
      const { version } = JSON.parse(readFileSync(path.join(found.dir, 'package.json'), 'utf8')) as { version?: unknown };
      by.push(`${found.name}@${typeof version === 'string' ? version : '?'}`);
    } catch {
      by.push(found.name);
    }
  }
  return by;
}

/** The files of a recording: its index and every body file, in order. */
function filesOf(entries: readonly RecordingEntry[]): string[] {
  const bodies = entries.flatMap((e) => [e.request.body, e.response.body]).filter((f): f is string => f !== undefined);
  return [RECORDING_INDEX, ...bodies];
}

/** What a run hands to the recorder. */
export interface RecordedRun {
  definition: VendorDefinition;
  settings: Settings;
  /** The non-secret settings the probes started from. */
  startIds: Readonly<Record<string, string | undefined>>;
  /** The ids when the probes were done (those they found included). */
  ids: Readonly<Record<string, string | undefined>>;
  productVersion: string | undefined;
  recordedAt: string;
  report: CheckReport;
  captured: readonly CapturedExchange[];
  /** The report's exchanges, in the order of `captured`. */
  exchanges: readonly ExchangeReport[];
}

/** Writes the run's recording (redacted, anonymized on request) and names each answer's body file in the report. */
export async function writeRun(
  record: { dir: string; anonymize?: boolean | undefined },
  run: RecordedRun,
): Promise<RecordingReport> {
  const { definition, settings } = run;
  const started = Object.entries(run.startIds).filter((e): e is [string, string] => e[1] !== undefined);
  const secretSettings = definition.settings.filter((s) => s.secret && settings[s.key] !== undefined);
  const index = await writeRecording(
    record.dir,
    {
      vendor: definition.id,
      recordedAt: run.recordedAt,
      recordedBy: recordedBy(definition.id),
      ...productVersion(run),
      url: settings.url ?? '', // the writer removes user info (a credential) and scrubs it
      writes: run.report.writes,
      settings: Object.fromEntries(started),
      secretSettings: secretSettings.map((s) => s.key),
      probes: run.report.probes.map(({ name, outcome, detail }) => ({ name, outcome, detail })),
    },
    run.captured,
    {
      secrets: secretSettings.map((s) => settings[s.key] ?? ''),
      anonymize: record.anonymize === true,
      userSettings: USER_SETTINGS.filter((key) => definition.settings.some((s) => s.key === key && !s.secret)),
      idSettings: definition.settings.filter((s) => s.checkOnly).map((s) => s.key),
      ids: Object.entries(run.ids).flatMap(([key, value]) => (key in run.startIds || value === undefined ? [] : [value])),
    },
  );
  index.exchanges.forEach((entry, i) => {
    const exchange = run.exchanges[i];
    if (exchange && entry.response.body !== undefined) exchange.file = entry.response.body;
  });
  return { dir: path.resolve(record.dir), files: filesOf(index.exchanges), anonymized: index.anonymized };
}

/** The product's version: what a probe found, else the first answer's `server` header. */
function productVersion(run: RecordedRun): { productVersion?: string } {
  const found = run.productVersion ?? run.captured.find((e) => e.response.headers.server)?.response.headers.server;
  return found ? { productVersion: found } : {};
}

/**
 * The settings a replay runs with: the recorded ones, and a stand-in for each secret that was given
 * (so the client connects the same way; the recording answers whatever it sends).
 */
export function replaySettings(recording: Recording): Settings {
  const { index } = recording;
  return {
    ...index.settings,
    url: index.url,
    ...Object.fromEntries(index.secretSettings.map((key) => [key, REPLAYED_SECRET])),
  };
}

/** An answer as a replay got it, to find which recorded answer (and body file) it was. */
export interface ReplayedAnswer {
  method: string;
  url: string;
  status: number;
  body: Promise<string>;
}

const decodedPath = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Names each replayed answer's body file: the first recorded answer not yet named with the same
 * method, path, status and body (a poll served again past the recorded ones is the last such).
 */
export async function answerFiles(
  recording: Recording,
  answered: readonly ReplayedAnswer[],
  exchanges: readonly ExchangeReport[],
): Promise<RecordingReport> {
  const used = new Set<number>();
  for (const [i, answer] of answered.entries()) {
    const body = await answer.body;
    const pathname = decodedPath(new URL(answer.url).pathname);
    const same = recording.exchanges
      .map((entry, at) => ({ entry, at }))
      .filter(
        ({ entry }) =>
          entry.request.method === answer.method &&
          decodedPath(entry.request.path) === pathname &&
          entry.response.status === answer.status &&
          entry.responseBody === body,
      );
    const match = same.find(({ at }) => !used.has(at)) ?? same.at(-1);
    if (!match) continue;
    used.add(match.at);
    const exchange = exchanges[i];
    if (exchange && match.entry.response.body !== undefined) exchange.file = match.entry.response.body;
  }
  return { dir: recording.dir, files: filesOf(recording.index.exchanges), anonymized: recording.index.anonymized };
}
