/**
 * Recorded conformance: every recording under `specs/<vendor>/samples/recorded/<name>/` (what
 * `jobwire check --record` wrote against a real server, or a simulator) served by msw as the
 * vendor's server, and the vendor's probes run against it through the published client with the
 * ordinary fetch: each probe ends as it did when recorded, and no recorded answer breaks the spec.
 * A recording dropped there joins this suite with no code change.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRecordings, readRecording, recordingHandlers } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/check.js';
import { replaySettings } from '../src/recording.js';
import { discoverVendors, loadDefinition } from '../src/vendors.js';

const specsDir = fileURLToPath(new URL('../../../specs/', import.meta.url));
const samplesOf = (vendor: string) => path.join(specsDir, vendor, 'samples');

/** The folders under `samples/recorded/` that hold an index.json: what findRecordings must find. */
function recordedFolders(vendor: string): string[] {
  const recorded = path.join(samplesOf(vendor), 'recorded');
  let names: string[];
  try {
    names = readdirSync(recorded);
  } catch {
    return []; // no recordings for this vendor
  }
  return names
    .filter((name) => statSync(path.join(recorded, name, 'index.json'), { throwIfNoEntry: false })?.isFile())
    .map((name) => path.join(recorded, name))
    .sort();
}

const vendors = discoverVendors();
const recordings = vendors.flatMap((pkg) =>
  findRecordings(samplesOf(pkg.id)).map((dir) => ({ pkg, dir, name: `${pkg.id}/${path.basename(dir)}` })),
);

describe('recorded conformance', () => {
  it.each(vendors.map((pkg) => ({ vendor: pkg.id })))(
    '$vendor: every folder under samples/recorded/ with an index.json is found',
    ({ vendor }) => {
      expect(findRecordings(samplesOf(vendor)).map((dir) => path.resolve(dir))).toEqual(recordedFolders(vendor));
    },
  );

  // No recordings yet is no failure: the test above still proves that any would be found.
  it.runIf(recordings.length > 0).each(recordings)(
    '$name: every probe ends as recorded, and every answer conforms to the spec',
    async ({ pkg, dir }) => {
      const definition = await loadDefinition(pkg);
      const recording = await readRecording(dir);
      expect(recording.index.vendor).toBe(definition.id);
      const server = setupServer(...recordingHandlers(recording));
      server.listen({ onUnhandledRequest: 'error' });
      try {
        const report = await runCheck(definition, replaySettings(recording), { writes: recording.index.writes });
        expect(report.probes.map(({ name, outcome }) => ({ name, outcome }))).toEqual(
          recording.index.probes.map(({ name, outcome }) => ({ name, outcome })),
        );
        const broken = report.probes.flatMap((p) =>
          p.exchanges.flatMap((e) => e.problems.map((problem) => `${p.name}: ${e.method} ${e.path} → ${e.status}: ${problem}`)),
        );
        expect(broken).toEqual([]);
      } finally {
        server.close();
      }
    },
    60_000,
  );
});
