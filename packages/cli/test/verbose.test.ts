/**
 * `--verbose` as users run it: the built `jobwire` against each vendor's simulator on 127.0.0.1.
 * One stderr line per request the simulator received (so none is missed), each with method, URL,
 * status and time; stdout stays the parseable `--json`; a retried call shows its retries and its
 * attempts; and no form of any configured secret, in any auth mode, is on either stream.
 */

import { request as httpRequest } from 'node:http';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { secretForms } from '@jobwire/core/internal';
import { chaosWithFaultsFirst, listenOnLoopback, type Simulator, type SimulatorOptions } from '@jobwire/core/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { envName } from '../src/flags.js';
import { discoverVendors, loadDefinition } from '../src/vendors.js';
import { runCli } from './run-cli.js';
import { AUTH_MODES } from './support/auth-modes.js';

const vendors = discoverVendors();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An exchange line: `→ GET http://127.0.0.1:1234/v3/jobs/1  200  12 ms  getJobStatus[, attempt 2][, request id …]`. */
const EXCHANGE =
  /^→ (GET|POST|PUT|PATCH|DELETE) (http:\/\/127\.0\.0\.1:\d+\/\S*) {2}(\d{3}) {2}(\d+) ms {2}(\w+)(?:, attempt (\d+))?/;

interface Running {
  definition: VendorDefinition;
  simulator: Simulator;
  settings: Settings;
  env: Record<string, string>;
  /** A job started through the library, as another user of the server would. */
  id: string;
}

/** A vendor's simulator with one queued job, and the environment that points the CLI at it. */
async function running(vendor: string, options: Readonly<Record<string, unknown>> = {}): Promise<Running> {
  const pkg = vendors.find((v) => v.id === vendor);
  if (!pkg) throw new Error(`${vendor} is not installed beside the CLI`);
  const definition = await loadDefinition(pkg);
  const kit = await definition.simulator();
  const simulator = await kit.start({ queuedMs: 3_600_000, runningMs: 3_600_000, ...options } as SimulatorOptions);
  closers.push(() => simulator.close());
  const settings = kit.settings(simulator);
  const session = definition.connect(settings);
  const id = String(await session.startJob?.(definition.start.demo));
  await session.close?.();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) env[envName(vendor, key)] = value;
  return { definition, simulator, settings, env, id };
}

/** Each line of stderr, without the trailing empty one. */
const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');

describe('jobwire status --verbose', () => {
  it.each(vendors.map((v) => v.id))('%s: one line per request on stderr; stdout stays the JSON', async (vendor) => {
    const { simulator, env, id } = await running(vendor);
    const before = simulator.requestCount;
    const result = await runCli(['status', vendor, id, '--json', '--verbose'], env);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as { vendor: string; id: string; state: string };
    expect(status.vendor).toBe(vendor);
    expect(status.id).toBe(id);
    expect(status.state).toMatch(/^(queued|running)$/);

    const lines = linesOf(result.stderr);
    // Every request the server received has its line (a login, the status read, a logout).
    expect(lines).toHaveLength(simulator.requestCount - before);
    for (const line of lines) {
      const match = EXCHANGE.exec(line);
      expect(match, line).not.toBeNull();
      expect(match?.[2]?.startsWith(`${new URL(simulator.url).origin}/`)).toBe(true);
      expect(Number(match?.[3])).toBeLessThan(400);
      expect(match?.[6]).toBeUndefined(); // first attempts only
    }
  });

  it('prints nothing more without --verbose', async () => {
    const { env, id } = await running('aspera-orchestrator');
    const result = await runCli(['status', 'aspera-orchestrator', id, '--json'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('the other commands with --verbose', () => {
  it('start --wait: the start, every poll and the final status; stdout stays the JSON', async () => {
    const { simulator, env } = await running('alteryx-server', { queuedMs: 50, runningMs: 100 });
    const before = simulator.requestCount;
    const args = ['start', 'alteryx-server', '--workflow-id', String(env.JOBWIRE_ALTERYX_SERVER_WORKFLOW_ID ?? 'wf-1')];
    const result = await runCli([...args, '--wait', '--min-delay', '20ms', '--max-delay', '50ms', '--json', '--verbose'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).state).toBe('succeeded');
    const lines = linesOf(result.stderr);
    expect(lines).toHaveLength(simulator.requestCount - before);
    const operations = lines.map((line) => EXCHANGE.exec(line)?.[5]);
    expect(operations).not.toContain(undefined);
    expect(operations.filter((op) => op === 'getJobStatus').length).toBeGreaterThanOrEqual(2);
    expect(operations.indexOf('getJobStatus')).toBeGreaterThan(0); // after the start
  });

  it('check: every probe’s requests on stderr; stdout stays the JSON report', async () => {
    const { simulator, env } = await running('aspera-orchestrator');
    const before = simulator.requestCount;
    const result = await runCli(['check', 'aspera-orchestrator', '--json', '--verbose'], env);
    const report = JSON.parse(result.stdout) as { vendor: string; probes: unknown[] };
    expect(report.vendor).toBe('aspera-orchestrator');
    expect(report.probes.length).toBeGreaterThan(0);
    const lines = linesOf(result.stderr);
    expect(lines).toHaveLength(simulator.requestCount - before);
    for (const line of lines) expect(EXCHANGE.exec(line), line).not.toBeNull();
  });
});

/**
 * A loopback proxy in front of a simulator that adds `X-Request-Id: req-<n>` to every answer, as
 * servers behind a tracing gateway do (the simulators send none). Returns the proxy's origin.
 */
async function withRequestIds(simulator: Simulator): Promise<string> {
  const upstream = new URL(simulator.url);
  let n = 0;
  const proxy = await listenOnLoopback((req, res) => {
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        n += 1;
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-request-id': `req-${n}` });
        answer.pipe(res);
      },
    );
    req.pipe(forwarded);
  });
  closers.push(() => proxy.close());
  return `http://127.0.0.1:${proxy.port}`;
}

describe('request ids with --verbose', () => {
  it('shows the id each answer carries, to quote to the vendor', async () => {
    const { simulator, env, id } = await running('truesight-orchestration');
    const origin = withRequestIds(simulator);
    const url = env.JOBWIRE_TRUESIGHT_ORCHESTRATION_URL?.replace(new URL(simulator.url).origin, await origin) ?? '';
    const result = await runCli(['status', 'truesight-orchestration', id, '--verbose'], {
      ...env,
      JOBWIRE_TRUESIGHT_ORCHESTRATION_URL: url,
    });
    expect(result.code, result.stderr).toBe(0);
    // login, status, logout: each with its own id, in order.
    expect(linesOf(result.stderr).map((line) => / request id (\S+)$/.exec(line)?.[1])).toEqual(['req-1', 'req-2', 'req-3']);
    expect(linesOf(result.stderr).map((line) => EXCHANGE.exec(line)?.[5])).toEqual(['login', 'getJobStatus', 'logout']);
  });
});

describe('a retried call with --verbose', () => {
  it('shows each attempt, its 503 and the retry between', async () => {
    const { simulator, env, id } = await running('aspera-orchestrator');
    simulator.setChaos(chaosWithFaultsFirst(2));
    const result = await runCli(['status', 'aspera-orchestrator', id, '--json', '--verbose'], env);
    expect(result.code).toBe(0);
    expect(simulator.faultCount).toBe(2);
    expect(JSON.parse(result.stdout).id).toBe(id);

    const lines = linesOf(result.stderr);
    expect(lines).toHaveLength(5); // 503, retry, 503, retry, 200
    const exchanges = lines.filter((line) => line.startsWith('→ ')).map((line) => EXCHANGE.exec(line));
    expect(exchanges.map((m) => m?.[3])).toEqual(['503', '503', '200']);
    expect(exchanges.map((m) => m?.[6])).toEqual([undefined, '2', '3']);
    const retries = lines.filter((line) => line.startsWith('↻ '));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/^↻ aspera-orchestrator getJobStatus: retry 1 in \d+ ms: HTTP 503 Service Unavailable: /);
    expect(retries[1]).toMatch(/^↻ aspera-orchestrator getJobStatus: retry 2 in \d+ ms: HTTP 503 Service Unavailable: /);
    // In the order they happened.
    expect(lines.map((line) => line.slice(0, 1))).toEqual(['→', '↻', '→', '↻', '→']);
  });
});

describe('no secret on stdout or stderr with --verbose', () => {
  // Modes whose credentials reach the simulator straight from the CLI (not those of a gateway in front).
  const modes = AUTH_MODES.filter((mode) => mode.upstreamHeaders === undefined && vendors.some((v) => v.id === mode.vendor));
  it.each(modes.map((mode) => [`${mode.vendor}, ${mode.name}`, mode] as const))('%s', async (_, mode) => {
    const { definition, simulator, settings: base, env, id } = await running(mode.vendor, mode.simulatorOptions);
    // A failing status (an id the server does not know) logs its error answer too.
    for (const jobId of [id, '999999']) {
      // The mode's settings afresh for each run: a token obtained elsewhere is logged out when a run ends.
      const settings = await mode.settings(base, simulator);
      const modeEnv = { ...env };
      for (const key of Object.keys(base)) delete modeEnv[envName(mode.vendor, key)];
      for (const [key, value] of Object.entries(settings)) if (value !== undefined) modeEnv[envName(mode.vendor, key)] = value;
      const secrets = definition.settings.filter((s) => s.secret && settings[s.key]).map((s) => settings[s.key] ?? '');
      expect(secrets.length).toBeGreaterThan(0);
      const result = await runCli(['status', mode.vendor, jobId, '--json', '--verbose'], modeEnv);
      expect(result.stderr).toMatch(/^→ /m);
      // Where the secret travels in the URL (Aspera's query auth), the line shows its place, redacted.
      if (settings.auth === 'query') expect(result.stderr).toMatch(/[?&](password|api_key)=\*\*\*(&|\s)/);
      for (const secret of secrets) {
        for (const form of secretForms(secret)) {
          expect(result.stderr.includes(form), `stderr holds ${JSON.stringify(form)}:\n${result.stderr}`).toBe(false);
          expect(result.stdout.includes(form), `stdout holds ${JSON.stringify(form)}`).toBe(false);
        }
      }
    }
  });
});
