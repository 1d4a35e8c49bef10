/**
 * Every vendor's real client, given `instrumentation: openTelemetry(...)`, against its simulator over
 * loopback HTTP, recorded by the real SDK: the span tree of a status call, a retried call, a wait of
 * three polls and an aborted wait; then every span and metric attribute scanned for the credentials.
 * The vendor packages are loaded by name at run time, as the testkit does (Vitest maps them to sources).
 */
import type { JobStatus } from '@jobwire/core';
import type { Settings, VendorDefinition, VendorSession } from '@jobwire/core/definition';
import { secretForms } from '@jobwire/core/internal';
import { chaosWithFaultsFirst, type Simulator, type SimulatorOptions } from '@jobwire/core/simulator';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { openTelemetry } from '../src/index.js';
import { childrenOf, type MetricPoints, parentOf, startTestSdk, type TestSdk } from './support/sdk.js';

const VENDORS = ['alteryx-server', 'aspera-orchestrator', 'elma-rpa', 'nagra-apubi', 'truesight-orchestration'] as const;
type Vendor = (typeof VENDORS)[number];

/** A secret every encoding changes, so that each encoding is a different string to look for. */
const awkwardSecret = (key: string) => `S3cr&t<"'>+/= %x-${key}`;
/** The credentials each simulator accepts (its default auth mode), and which of them are secrets. */
const CREDENTIALS: Record<Vendor, { options: Record<string, string>; secrets: string[] }> = {
  'alteryx-server': {
    options: { clientId: 'otel-client-id', clientSecret: awkwardSecret('clientSecret') },
    secrets: ['clientSecret'],
  },
  'aspera-orchestrator': {
    options: { username: 'otel-admin', password: awkwardSecret('password'), apiKey: awkwardSecret('apiKey') },
    secrets: ['password', 'apiKey'],
  },
  'elma-rpa': { options: { authToken: '3f2b9c1e-7d4a-4e8b-9a61-5c0d2e7f8a93' }, secrets: ['authToken'] },
  'nagra-apubi': { options: { username: 'otel-wfm', password: awkwardSecret('password') }, secrets: ['password'] },
  'truesight-orchestration': {
    options: { username: 'otel-operator', password: awkwardSecret('password') },
    secrets: ['password'],
  },
};

interface Running {
  sdk: TestSdk;
  simulator: Simulator;
  session: VendorSession;
  /** A job started before the spans were cleared. */
  id: string;
  secrets: string[];
}

const closers: (() => Promise<void>)[] = [];
const scans: { sdk: TestSdk; secrets: string[] }[] = [];
afterEach(async () => {
  // The secret scan runs over what every test exported (spans and metrics), before anything closes.
  const found: string[] = [];
  for (const { sdk, secrets } of scans.splice(0)) found.push(...leaks(sdk.allSpans(), await sdk.metrics(), secrets));
  for (const close of closers.splice(0).reverse()) await close();
  expect(found).toEqual([]);
});

/** Settings that hold secrets: every one given to a session is scanned for too. */
const SECRET_SETTINGS = ['password', 'apiKey', 'clientSecret', 'authToken', 'accessToken'];

/**
 * A simulator (jobs queued and running until the test's clock says otherwise), a session on it with
 * openTelemetry (its settings reshaped into another auth mode when `mode` says so), a job.
 */
async function running(vendor: Vendor, clock: { now: number } = { now: 0 }, mode?: AuthMode): Promise<Running> {
  const { definition } = (await import(`@jobwire/${vendor}/definition`)) as { definition: VendorDefinition };
  const kit = await definition.simulator();
  const { options, secrets } = CREDENTIALS[vendor];
  const simulator = await kit.start({ queuedMs: 10, runningMs: 10, now: () => clock.now, ...options } as SimulatorOptions);
  closers.push(() => simulator.close());
  const sdk = startTestSdk();
  closers.push(() => sdk.shutdown());
  const base = kit.settings(simulator);
  const settings = mode ? await mode.settings(base, simulator) : base;
  const scanned = secrets.map((key) => options[key] as string);
  for (const key of SECRET_SETTINGS) if (settings[key]) scanned.push(settings[key] as string);
  scans.push({ sdk, secrets: scanned });
  const instrumentation = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
  const session = definition.connect(settings, { instrumentation });
  closers.push(async () => session.close?.());
  const id = String(await session.startJob(definition.start.demo));
  sdk.reset(); // what the start (and a login) made is not what the tests look at
  return { sdk, simulator, session, id, secrets };
}

/** Spans without a parent among the exported ones. */
const roots = (spans: readonly ReadableSpan[]) => spans.filter((span) => parentOf(span) === undefined);
/** Spans that are HTTP attempts (named by their method). */
const isAttempt = (span: ReadableSpan) => /^[A-Z]+$/.test(span.name);

/** Checks what every attempt span of a call says of the server, and returns them. */
function attemptsOf(spans: readonly ReadableSpan[], call: ReadableSpan, simulator: Simulator): ReadableSpan[] {
  const attempts = childrenOf(spans, call).filter(isAttempt);
  const url = new URL(simulator.url);
  for (const attempt of attempts) {
    expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(attempt.attributes['http.request.method']).toBe(attempt.name);
    expect(attempt.attributes['server.address']).toBe('127.0.0.1');
    expect(attempt.attributes['server.port']).toBe(Number(url.port));
    expect(String(attempt.attributes['url.full'])).toMatch(
      new RegExp(`^${simulator.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  }
  return attempts;
}

/** Every form of every secret found in a span name, attribute, event, status message or metric attribute. */
function leaks(spans: readonly ReadableSpan[], metrics: MetricPoints, secrets: readonly string[]): string[] {
  const texts: string[] = [];
  // Keys and values as they are (not JSON, which would escape the quotes of a secret).
  const add = (attributes: object = {}) => {
    for (const [key, value] of Object.entries(attributes)) texts.push(key, String(value));
  };
  for (const span of spans) {
    texts.push(span.name, span.status.message ?? '');
    add(span.attributes);
    for (const event of span.events) {
      texts.push(event.name);
      add(event.attributes);
    }
  }
  for (const [name, points] of metrics) {
    texts.push(name);
    for (const point of points) add(point.attributes);
  }
  const found: string[] = [];
  for (const secret of secrets)
    for (const form of secretForms(secret)) if (texts.some((text) => text.includes(form))) found.push(form);
  return found;
}

describe.each(VENDORS)('%s', (vendor) => {
  it('a status call: one call span <vendor>.<operation> with the job id, its attempt spans under it', async () => {
    const { sdk, simulator, session, id } = await running(vendor);
    const status = await session.getJobStatus(id);
    expect(status.id).toBe(id);

    const spans = sdk.spans();
    const [call, ...others] = roots(spans);
    expect(others.map((span) => span.name)).toEqual([]);
    expect(call?.name).toMatch(new RegExp(`^${vendor}\\.\\w+$`));
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.attributes['jobwire.vendor']).toBe(vendor);
    expect(call?.attributes['jobwire.job.id']).toBe(id);
    expect(call?.status.code).toBe(SpanStatusCode.UNSET);
    const attempts = attemptsOf(spans, call as ReadableSpan, simulator);
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    const last = attempts.at(-1);
    expect(last?.attributes['http.response.status_code']).toBe(200);
    expect(last?.attributes['error.type']).toBeUndefined();
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);

    const metrics = await sdk.metrics();
    const durations = metrics.get('http.client.request.duration') ?? [];
    expect(
      durations.some((p) => p.attributes['jobwire.vendor'] === vendor && p.attributes['http.response.status_code'] === 200),
    ).toBe(true);
    expect(metrics.get('http.client.active_requests')?.every((p) => p.value === 0)).toBe(true);
  });

  it('a retried call (503, then 200): two attempts, the second with http.request.resend_count 1', async () => {
    const { sdk, simulator, session, id } = await running(vendor);
    simulator.setChaos(chaosWithFaultsFirst(1));
    await session.getJobStatus(id);
    expect(simulator.faultCount).toBe(1);

    const spans = sdk.spans();
    const calls = roots(spans);
    expect(calls).toHaveLength(1);
    const call = calls[0] as ReadableSpan;
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    const attempts = attemptsOf(spans, call, simulator);
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([503, 200]);
    expect(attempts[0]?.attributes['error.type']).toBe('503');
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[0]?.attributes['http.request.resend_count']).toBeUndefined();
    expect(attempts[1]?.attributes['http.request.resend_count']).toBe(1);

    const metrics = await sdk.metrics();
    expect(metrics.get('jobwire.client.retries')?.map((p) => p.value)).toEqual([1]);
  });

  it('a wait of three polls (queued, running, succeeded): one wait span, three poll events, the polls its children', async () => {
    const clock = { now: 0 };
    const { sdk, session, id } = await running(vendor, clock);
    const status: JobStatus = await session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 1,
      onPoll: () => {
        clock.now += 10; // the simulated job moves one phase per poll
      },
    });
    expect(status.state).toBe('succeeded');

    const spans = sdk.spans();
    const [wait, ...others] = roots(spans);
    expect(others.map((span) => span.name)).toEqual([]);
    expect(wait?.name).toBe(`${vendor}.waitForJob`);
    // Core names the wait's job as its ref describes it (Aspera: `workOrderId 9001`), so "contains".
    expect(String(wait?.attributes['jobwire.job.id'])).toContain(id);
    expect(wait?.attributes['jobwire.job.state']).toBe('succeeded');
    expect(wait?.status.code).toBe(SpanStatusCode.UNSET);
    const events = wait?.events ?? [];
    expect(events.map((event) => event.name)).toEqual(['poll', 'poll', 'poll']);
    expect(events.map((event) => event.attributes?.['jobwire.poll'])).toEqual([1, 2, 3]);
    // Poll 1 sees the job queued, or running where the vendor has no queued status (TrueSight, APUBI).
    const states = events.map((event) => event.attributes?.['jobwire.job.state']);
    expect(['queued', 'running']).toContain(states[0]);
    expect(states.slice(1)).toEqual(['running', 'succeeded']);
    expect(events.map((event) => event.attributes?.['jobwire.poll.delay_reason'])).toEqual(['schedule', 'schedule', undefined]);
    expect(events.map((event) => event.attributes?.['jobwire.poll.delay_ms'])).toEqual([1, 1, undefined]);
    for (const event of events) expect(typeof event.attributes?.['jobwire.vendor_status']).toBe('string');
    const polls = childrenOf(spans, wait as ReadableSpan);
    expect(polls).toHaveLength(3);
    for (const poll of polls) expect(poll.name.startsWith(`${vendor}.`)).toBe(true);

    const metrics = await sdk.metrics();
    const pollCounts = metrics.get('jobwire.wait.polls') ?? [];
    expect(pollCounts.map((p) => [p.attributes['jobwire.wait.outcome'], (p.value as { sum?: number }).sum])).toEqual([
      ['succeeded', 3],
    ]);
  });

  it('an aborted wait: the wait span ends with status ERROR and the abort as error.type', async () => {
    const { sdk, session, id } = await running(vendor);
    const controller = new AbortController();
    const aborted = session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 1,
      signal: controller.signal,
      onPoll: () => controller.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });

    const [wait] = roots(sdk.spans());
    expect(wait?.name).toBe(`${vendor}.waitForJob`);
    expect(wait?.status.code).toBe(SpanStatusCode.ERROR);
    expect(wait?.attributes['error.type']).toBe('AbortError');
    expect(wait?.events.map((event) => event.attributes?.['jobwire.poll'])).toEqual([1]);
    const metrics = await sdk.metrics();
    expect(metrics.get('jobwire.wait.duration')?.map((p) => p.attributes['jobwire.wait.outcome'])).toEqual(['error']);
  });
});

// The simulators that issue tokens which they can expire (the client renews on the 401 and resends).
describe.each(['alteryx-server', 'truesight-orchestration'] as const)('%s, re-login', (vendor) => {
  it('a status call after the token expired: 401 attempt, the renewal as a call under it, the resend', async () => {
    const { sdk, simulator, session, id } = await running(vendor);
    await session.getJobStatus(id); // the token is cached now
    (simulator as Simulator & { expireTokens(): void }).expireTokens();
    sdk.reset();
    await session.getJobStatus(id);

    const spans = sdk.spans();
    const calls = roots(spans);
    expect(calls).toHaveLength(1);
    const call = calls[0] as ReadableSpan;
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    const children = childrenOf(spans, call);
    expect(children.map((span) => (isAttempt(span) ? span.attributes['http.response.status_code'] : 'call'))).toEqual([
      401,
      'call',
      200,
    ]);
    expect(children[0]?.attributes['error.type']).toBe('401');
    expect(children[2]?.attributes['http.request.resend_count']).toBe(1);
    const renewal = children[1] as ReadableSpan;
    expect(renewal.name).toMatch(new RegExp(`^${vendor}\\.\\w+$`));
    expect(renewal.kind).toBe(SpanKind.CLIENT);
    expect(attemptsOf(spans, renewal, simulator).map((span) => span.attributes['http.response.status_code'])).toEqual([200]);
  });
});

/** The other auth modes (the default one is every test above): settings reshaped from the simulator's. */
interface AuthMode {
  vendor: Vendor;
  name: string;
  settings(base: Settings, simulator: Simulator): Promise<Settings>;
}
const without = (settings: Settings, ...keys: string[]): Settings =>
  Object.fromEntries(Object.entries(settings).filter(([key]) => !keys.includes(key))) as Settings;
const credential = (simulator: Simulator, key: string) => (simulator.credentials as Record<string, string>)[key] ?? '';

const OTHER_MODES: AuthMode[] = [
  {
    vendor: 'aspera-orchestrator',
    name: 'query login + password (credentials in the URL)',
    settings: async (base) => ({ ...base, auth: 'query' }),
  },
  {
    vendor: 'aspera-orchestrator',
    name: 'query login + api_key (credentials in the URL)',
    settings: async (base, simulator) => ({
      ...without(base, 'password'),
      auth: 'query',
      apiKey: credential(simulator, 'apiKey'),
    }),
  },
  {
    vendor: 'alteryx-server',
    name: 'access token obtained elsewhere',
    settings: async (base, simulator) => {
      const response = await fetch(`${simulator.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credential(simulator, 'clientId'),
          client_secret: credential(simulator, 'clientSecret'),
        }),
      });
      const { access_token: accessToken } = (await response.json()) as { access_token?: string };
      if (!accessToken) throw new Error(`the Alteryx simulator issued no token (${response.status})`);
      return { ...without(base, 'clientId', 'clientSecret'), accessToken };
    },
  },
  {
    vendor: 'truesight-orchestration',
    name: 'Authentication-Token obtained elsewhere',
    settings: async (base, simulator) => {
      const response = await fetch(`${simulator.url}/baocdp/rest/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: credential(simulator, 'username'), password: credential(simulator, 'password') }),
      });
      const authToken = response.headers.get('authentication-token');
      if (!authToken) throw new Error(`the TrueSight simulator issued no token (${response.status})`);
      return { ...without(base, 'username', 'password'), authToken };
    },
  },
];

describe.each(OTHER_MODES.map((mode) => [`${mode.vendor}, ${mode.name}`, mode] as const))('%s', (_, mode) => {
  it('a status call, a failing one and a wait: spans and metrics hold no secret (scanned after the test)', async () => {
    const clock = { now: 0 };
    const { sdk, session, id } = await running(mode.vendor, clock, mode);
    await session.getJobStatus(id);
    await expect(session.getJobStatus('987654321')).rejects.toThrow();
    const status = await session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 1,
      onPoll: () => {
        clock.now += 10;
      },
    });
    expect(status.state).toBe('succeeded');
    const spans = sdk.allSpans();
    expect(spans.filter((span) => span.name === `${mode.vendor}.waitForJob`)).toHaveLength(1);
    expect(spans.filter((span) => span.attributes['url.full'] !== undefined).length).toBeGreaterThanOrEqual(5);
  });
});

describe('the secret scan', () => {
  it('finds a secret in any form in a span attribute, an event or a metric attribute', () => {
    const secret = awkwardSecret('password');
    const span = (attributes: Record<string, string>, events: { name: string; attributes: Record<string, string> }[] = []) =>
      ({ name: 'GET', attributes, status: { code: 0 }, events }) as unknown as ReadableSpan;
    expect(leaks([span({ 'url.full': `http://h/x?p=${encodeURIComponent(secret)}` })], new Map(), [secret])).toContain(
      encodeURIComponent(secret),
    );
    expect(leaks([span({}, [{ name: 'poll', attributes: { x: secret } }])], new Map(), [secret])).toContain(secret);
    const metrics: MetricPoints = new Map([['m', [{ attributes: { 'error.type': secret } } as never]]]);
    expect(leaks([], metrics, [secret])).toContain(secret);
    expect(leaks([span({ 'url.full': 'http://h/x' })], new Map(), [secret])).toEqual([]);
  });
});
