/**
 * Recorded conformance: every recording under `specs/<vendor>/samples/recorded/<name>/` (what
 * `jobwire check --record` wrote against a real server, or a simulator) served by msw as the
 * vendor's server, and the vendor's probes run against it through the published client with the
 * ordinary fetch: each probe ends as it did when recorded (outcome and report line), and no recorded
 * answer breaks the spec.
 * A recording dropped there joins this suite with no code change.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRecordings, readRecording, recordingHandlers } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../src/check.js';
import { replaySettings } from '../src/recording.js';
import { discoverVendors, loadDefinition, type VendorPackage } from '../src/vendors.js';

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

/** The recording in `dir` served by msw, the vendor's probes run against it: how each ended, and each answer that breaks the spec. */
async function replayOverMsw(pkg: VendorPackage, dir: string) {
  const definition = await loadDefinition(pkg);
  const recording = await readRecording(dir);
  expect(recording.index.vendor).toBe(definition.id);
  const server = setupServer(...recordingHandlers(recording));
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const report = await runCheck(definition, replaySettings(recording), { writes: recording.index.writes });
    return {
      outcomes: report.probes.map(({ name, outcome, detail }) => ({ name, outcome, detail })),
      recorded: recording.index.probes.map(({ name, outcome, detail }) => ({ name, outcome, detail })),
      broken: report.probes.flatMap((p) =>
        p.exchanges.flatMap((e) => e.problems.map((problem) => `${p.name}: ${e.method} ${e.path} → ${e.status}: ${problem}`)),
      ),
    };
  } finally {
    server.close();
  }
}

const vendors = discoverVendors();
const recordings = vendors.flatMap((pkg) =>
  findRecordings(samplesOf(pkg.id)).map((dir) => ({ pkg, dir, name: `${pkg.id}/${path.basename(dir)}` })),
);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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
      const { outcomes, recorded, broken } = await replayOverMsw(pkg, dir);
      expect(outcomes).toEqual(recorded);
      expect(broken).toEqual([]);
    },
    60_000,
  );

  it('catches a recorded answer that breaks the spec, and the probe that then ends otherwise', async () => {
    // A recording of the Alteryx simulator whose job view says `status: 7`, as a server could.
    const pkg = vendors.find((v) => v.id === 'alteryx-server');
    if (!pkg) throw new Error('the workspace has the alteryx-server package');
    const definition = await loadDefinition(pkg);
    const dir = mkdtempSync(path.join(tmpdir(), 'jobwire-recorded-'));
    temps.push(dir);
    const kit = await definition.simulator();
    const simulator = await kit.start({ queuedMs: 100, runningMs: 300 });
    try {
      await runCheck(definition, kit.settings(simulator), { writes: true, record: { dir } });
    } finally {
      await simulator.close();
    }
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    const file = index.exchanges.find((e: { probe: string }) => e.probe === 'job status').response.body;
    const body = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    writeFileSync(path.join(dir, file), JSON.stringify({ ...body, status: 7 }));

    const { outcomes, recorded, broken } = await replayOverMsw(pkg, dir);
    expect(broken).toEqual(['job status: GET /v3/jobs/{jobId} → 200: /status: must be string']);
    expect(outcomes.find((p) => p.name === 'job status')?.outcome).toBe('failed');
    expect(recorded.find((p) => p.name === 'job status')?.outcome).toBe('passed');
  }, 60_000);
});
