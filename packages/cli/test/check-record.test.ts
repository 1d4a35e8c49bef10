// `jobwire check --record` and `--replay`: a run recorded against each vendor's simulator replays
// offline to the same report, field by field; an anonymized one still passes; the flags' usage
// errors; the JSON and the per-answer table.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { readRecording } from '@jobwire/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type CheckReport, runCheck } from '../src/check.js';
import { run } from '../src/program.js';
import { replaySettings } from '../src/recording.js';
import { discoverVendors, loadDefinition } from '../src/vendors.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jobwire-record-'));
  temps.push(dir);
  return dir;
};

/** Runs `jobwire` in this process with a captured stdout and stderr. */
async function jobwire(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await run(args, { stdout, stderr, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: out, stderr: err };
}

/** What a replay must give back of a run: every probe and every answer, without the timing of none. */
function comparable(report: CheckReport) {
  return report.probes.map((probe) => ({
    name: probe.name,
    outcome: probe.outcome,
    detail: probe.detail,
    exchanges: probe.exchanges.map((e) => ({
      method: e.method,
      path: e.path,
      status: e.status,
      problems: e.problems,
      undocumented: e.undocumented,
      decoded: e.decoded,
      file: e.file,
    })),
  }));
}

/** Records a check of the vendor's simulator (writes on), as `jobwire check --record` does. */
async function recordSimulator(definition: VendorDefinition, dir: string, anonymize = false) {
  const kit = await definition.simulator();
  const simulator = await kit.start({ queuedMs: 100, runningMs: 300 });
  try {
    const settings: Settings = kit.settings(simulator);
    return { settings, report: await runCheck(definition, settings, { writes: true, record: { dir, anonymize } }) };
  } finally {
    await simulator.close();
  }
}

const vendors = discoverVendors();

describe.each(vendors.map((pkg) => ({ vendor: pkg.id, pkg })))('$vendor: record, then replay', ({ pkg }) => {
  it('replays the recording offline to the same report, probe by probe and answer by answer', async () => {
    const definition = await loadDefinition(pkg);
    const dir = tempDir();
    const live = await recordSimulator(definition, dir);
    expect(live.report.probes.map((p) => `${p.name}: ${p.outcome}`).filter((line) => !line.endsWith('passed'))).toEqual([]);
    const answers = live.report.probes.flatMap((p) => p.exchanges);
    expect(answers.length).toBeGreaterThan(0);
    // Every answer conforms, the session's end (a logout) included, and the client took each.
    expect(answers.filter((e) => e.problems.length > 0 || !e.decoded)).toEqual([]);

    const recording = await readRecording(dir);
    const { index } = recording;
    expect(index.vendor).toBe(definition.id);
    expect(index.writes).toBe(true);
    expect(index.anonymized).toBe(false);
    expect(index.url).toBe(live.settings.url);
    expect(index.recordedBy[0]).toMatch(/^@jobwire\/cli@\d+\.\d+\.\d+/);
    expect(index.recordedBy[1]).toMatch(new RegExp(`^${pkg.name}@\\d+\\.\\d+\\.\\d+`));
    expect(index.probes).toEqual(live.report.probes.map(({ name, outcome, detail }) => ({ name, outcome, detail })));
    expect(index.exchanges).toHaveLength(answers.length);
    // No secret setting's value is kept: only its name.
    const secrets = definition.settings.filter((s) => s.secret && live.settings[s.key] !== undefined).map((s) => s.key);
    expect(index.secretSettings).toEqual(secrets);
    for (const key of secrets) expect(index.settings[key]).toBeUndefined();
    // Each answer names its body file, which the index lists.
    answers.forEach((answer, i) => {
      expect(answer.file).toBe(index.exchanges[i]?.response.body);
    });
    expect(live.report.recording).toEqual({
      dir,
      files: ['index.json', ...index.exchanges.flatMap((e) => [e.request.body, e.response.body]).filter(Boolean)],
      anonymized: false,
    });

    const replay = await runCheck(definition, replaySettings(recording), { writes: index.writes, replay: recording });
    expect(comparable(replay)).toEqual(comparable(live.report));
    expect(replay.passed).toBe(true);
    expect(replay.recording).toEqual(live.report.recording);
  }, 60_000);

  it('replays an anonymized recording with every probe passing', async () => {
    const definition = await loadDefinition(pkg);
    const dir = tempDir();
    const live = await recordSimulator(definition, dir, true);
    const recording = await readRecording(dir);
    expect(recording.index.anonymized).toBe(true);
    expect(recording.index.url).not.toContain('127.0.0.1');
    const replay = await runCheck(definition, replaySettings(recording), { writes: true, replay: recording });
    expect(replay.probes.map((p) => `${p.name}: ${p.outcome}${p.outcome === 'passed' ? '' : ` (${p.detail})`}`)).toEqual(
      live.report.probes.map((p) => `${p.name}: passed`),
    );
    expect(replay.probes.flatMap((p) => p.exchanges).filter((e) => !e.decoded || e.problems.length > 0)).toEqual([]);
  }, 60_000);
});

// A server that is almost Alteryx: the job it shows has no status, which the client refuses.
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function statuslessAlteryx(): Promise<string> {
  const fake = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', server: 'AlmostAlteryx/2025.1' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/webapi/oauth2/token')
      return send(200, { access_token: 'issued-token-1', expires_in: 3600, token_type: 'bearer' });
    if (req.url === '/webapi/v3/jobs/j1?includeMessages=true')
      return send(200, { id: 'j1', createDateTime: '2025-01-01T00:00:00Z' });
    return send(404, { message: `no route ${req.url}` });
  });
  server = fake;
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(fake.address() as AddressInfo).port}/webapi`;
}

const alteryxEnv = { JOBWIRE_ALTERYX_SERVER_CLIENT_ID: 'id', JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET: 'not-shown-anywhere' };

describe('jobwire check --record / --replay', () => {
  it('reports each answer: the spec, the client (refused), and its body file; the replay the same', async () => {
    const url = await statuslessAlteryx();
    const dir = tempDir();
    const recorded = await jobwire(
      ['check', 'alteryx-server', '--url', url, '--job-id', 'j1', '--record', dir, '--json'],
      alteryxEnv,
    );
    expect(recorded.code).toBe(1);
    const report = JSON.parse(recorded.stdout) as CheckReport;
    expect(Object.keys(report)).toEqual(['vendor', 'url', 'writes', 'passed', 'probes', 'recording']);
    const byName = Object.fromEntries(report.probes.map((p) => [p.name, p]));
    expect(byName['token, and an unknown job → 404']?.exchanges).toEqual([
      {
        method: 'POST',
        path: '/oauth2/token',
        status: 200,
        problems: [],
        undocumented: [],
        decoded: true,
        file: '001-token-and-an-unknown-job-404.response.json',
      },
      {
        method: 'GET',
        path: '/v3/jobs/{jobId}',
        status: 404,
        problems: [],
        undocumented: [],
        decoded: true,
        file: '002-token-and-an-unknown-job-404.response.json',
      },
    ]);
    const status = byName['job status'];
    expect(status?.outcome).toBe('failed');
    expect(status?.exchanges).toEqual([
      {
        method: 'GET',
        path: '/v3/jobs/{jobId}',
        status: 200,
        problems: ['/: lacks required field status'],
        undocumented: [],
        decoded: false,
        file: '003-job-status.response.json',
      },
    ]);
    expect(report.recording?.dir).toBe(dir);
    expect(report.recording?.anonymized).toBe(false);
    expect(report.recording?.files[0]).toBe('index.json');
    expect(report.recording?.files).toContain('003-job-status.response.json');
    const { index } = await readRecording(dir);
    expect(index.productVersion).toBe('AlmostAlteryx/2025.1');
    expect(index.settings).toEqual({ clientId: 'id', jobId: 'j1' });
    expect(index.secretSettings).toEqual(['clientSecret']);
    expect(recorded.stdout + recorded.stderr).not.toContain('not-shown-anywhere');

    // Offline: no URL, no credentials; the same report, exit code and files.
    server?.close();
    server = undefined;
    const replayed = await jobwire(['check', 'alteryx-server', '--replay', dir, '--json']);
    expect(replayed.code).toBe(1);
    const again = JSON.parse(replayed.stdout) as CheckReport;
    expect(comparable(again)).toEqual(comparable(report));
    expect(again.recording).toEqual(report.recording);
  }, 30_000);

  it('prints a table of the answers under the probes', async () => {
    const url = await statuslessAlteryx();
    const dir = tempDir();
    const result = await jobwire(['check', 'alteryx-server', '--url', url, '--job-id', 'j1', '--record', dir], alteryxEnv);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const row = (text: string) => lines.find((line) => line.replace(/\s+/g, ' ').includes(text));
    expect(row('│ # │ request │ spec │ client │ fields the spec lacks │')).toBeDefined();
    expect(row('│ 1 │ POST /oauth2/token → 200 │ valid │ decoded │ │')).toBeDefined();
    expect(row('│ 2 │ GET /v3/jobs/{jobId} → 404 │ valid │ decoded │ │')).toBeDefined();
    expect(row('│ 3 │ GET /v3/jobs/{jobId} → 200 │ /: lacks required field status │ refused │ │')).toBeDefined();
    // An error answer a probe failed on is not one the client could use.
    expect(row('│ 4 │ GET /v3/jobs/{jobId}/messages → 404 │ valid │ refused │ │')).toBeDefined();
    expect(result.stdout).toContain(`Recorded answers (${dir}, `);
    expect(result.stdout).toMatch(/1 passed, 2 failed, 5 skipped: does not conform$/m);
  }, 30_000);

  it('refuses flags that do not go together, and a recording that is not one, with exit code 2', async () => {
    const dir = tempDir();
    const anonymize = await jobwire(['check', 'alteryx-server', '--url', 'http://127.0.0.1:9/webapi', '--anonymize'], alteryxEnv);
    expect(anonymize.code).toBe(2);
    expect(anonymize.stderr).toContain('--anonymize needs --record <dir>');
    const withRecord = await jobwire(['check', 'alteryx-server', '--replay', dir, '--record', tempDir()]);
    expect(withRecord.code).toBe(2);
    expect(withRecord.stderr).toContain("option '--replay <dir>' cannot be used with option '--record <dir>'");
    const withUrl = await jobwire(['check', 'alteryx-server', '--replay', dir, '--url', 'http://127.0.0.1:9/webapi']);
    expect(withUrl.code).toBe(2);
    expect(withUrl.stderr).toContain("option '--replay <dir>' cannot be used with option '--url <value>'");
    const empty = await jobwire(['check', 'alteryx-server', '--replay', dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`jobwire: --replay ${dir}: recording ${dir}: index.json: file "index.json" not found`);
  });

  it('refuses to replay a recording of another vendor', async () => {
    const url = await statuslessAlteryx();
    const dir = tempDir();
    await jobwire(['check', 'alteryx-server', '--url', url, '--job-id', 'j1', '--record', dir], alteryxEnv);
    const other = vendors.find((v) => v.id !== 'alteryx-server')?.id ?? 'elma-rpa';
    const result = await jobwire(['check', other, '--replay', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`jobwire: --replay ${dir}: a recording of alteryx-server, not ${other}`);
  }, 30_000);
});
