/**
 * OTLP export as users turn it on: the built `jobwire status` against each vendor's simulator on
 * 127.0.0.1, with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a loopback HTTP server this test starts
 * (OTLP/HTTP with JSON bodies). The server receives the command's spans (the call's, with its HTTP
 * attempt as a child), tagged service.name jobwire; no form of a configured secret is in a body;
 * without the variable nothing is sent.
 */

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { secretForms } from '@jobwire/core/internal';
import type { Simulator, SimulatorOptions } from '@jobwire/core/simulator';
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

/** What an OTLP/HTTP JSON export request holds (the parts checked here). */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback server standing in for an OTLP collector: keeps every request, answers 200 `{}`. */
async function collector(): Promise<{ endpoint: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** A vendor's simulator with one queued job, and the environment that points the CLI at it. */
async function running(vendor: string, options: Readonly<Record<string, unknown>> = {}) {
  const pkg = vendors.find((v) => v.id === vendor);
  if (!pkg) throw new Error(`${vendor} is not installed beside the CLI`);
  const definition: VendorDefinition = await loadDefinition(pkg);
  const kit = await definition.simulator();
  const simulator: Simulator = await kit.start({ queuedMs: 3_600_000, runningMs: 3_600_000, ...options } as SimulatorOptions);
  closers.push(() => simulator.close());
  const settings: Settings = kit.settings(simulator);
  const session = definition.connect(settings);
  const id = String(await session.startJob?.(definition.start.demo));
  await session.close?.();
  return { definition, simulator, settings, id, env: envOf(vendor, settings) };
}

function envOf(vendor: string, settings: Settings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) env[envName(vendor, key)] = value;
  return env;
}

const spansOf = (exports: OtlpExport[]) =>
  exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
const attribute = (attributes: OtlpAttribute[] | undefined, key: string) => attributes?.find((a) => a.key === key)?.value;

/** Span kind CLIENT in OTLP's enum. */
const CLIENT = 3;

describe('jobwire status with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it.each(vendors.map((v) => v.id))('%s: the call and its attempt reach the endpoint as OTLP JSON', async (vendor) => {
    const { env, id } = await running(vendor);
    const otlp = await collector();
    const result = await runCli(['status', vendor, id, '--json'], {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }).id).toBe(id);
    expect(result.stderr).toBe('');

    expect(otlp.received.length).toBeGreaterThan(0);
    for (const request of otlp.received) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/v1/traces');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    }
    const exports = otlp.received.map((r) => JSON.parse(r.body) as OtlpExport);
    for (const e of exports) {
      for (const r of e.resourceSpans) expect(attribute(r.resource.attributes, 'service.name')?.stringValue).toBe('jobwire');
    }
    const spans = spansOf(exports);
    const call = spans.find((s) => new RegExp(`^${vendor}\\.get(Job|Task)Status$`).test(s.name));
    expect(call, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(call?.kind).toBe(CLIENT);
    expect(attribute(call?.attributes, 'jobwire.vendor')?.stringValue).toBe(vendor);
    expect(attribute(call?.attributes, 'jobwire.job.id')?.stringValue).toBe(id);
    // Its HTTP attempt: a child named by the method, with the answer's status.
    const attempts = spans.filter(
      (s) => s.parentSpanId === call?.spanId && s.traceId === call?.traceId && /^(GET|POST)$/.test(s.name),
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.kind).toBe(CLIENT);
    expect(Number(attribute(attempts[0]?.attributes, 'http.response.status_code')?.intValue)).toBe(200);
    expect(attribute(attempts[0]?.attributes, 'url.full')?.stringValue?.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it('sends nothing without the variable', async () => {
    const vendor = vendors[0]?.id ?? '';
    const { env, id } = await running(vendor);
    const otlp = await collector();
    const result = await runCli(['status', vendor, id, '--json'], { ...env, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(result.code, result.stderr).toBe(0);
    expect(otlp.received).toHaveLength(0);
  });

  it('an endpoint that is down changes nothing about the command', async () => {
    const vendor = vendors[0]?.id ?? '';
    const { env, id } = await running(vendor);
    const otlp = await collector();
    const closed = closers.pop();
    await closed?.();
    const result = await runCli(['status', vendor, id, '--json'], { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }).id).toBe(id);
  }, 15_000);
});

describe('no secret in what is exported, in any auth mode', () => {
  const modes = AUTH_MODES.filter((mode) => mode.upstreamHeaders === undefined && vendors.some((v) => v.id === mode.vendor));
  it.each(modes.map((mode) => [`${mode.vendor}, ${mode.name}`, mode] as const))('%s', async (_, mode) => {
    const { definition, simulator, settings: base, id } = await running(mode.vendor, mode.simulatorOptions);
    // A failing status (an id the server does not know) exports its error too.
    for (const jobId of [id, '999999']) {
      const settings = await mode.settings(base, simulator);
      const secrets = definition.settings.filter((s) => s.secret && settings[s.key]).map((s) => settings[s.key] ?? '');
      expect(secrets.length).toBeGreaterThan(0);
      const otlp = await collector();
      const result = await runCli(['status', mode.vendor, jobId, '--json'], {
        ...envOf(mode.vendor, settings),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      });
      const bodies = otlp.received.map((r) => r.body).join('\n');
      const spans = spansOf(otlp.received.map((r) => JSON.parse(r.body) as OtlpExport));
      expect(spans.length, `${jobId}: exit ${result.code}, ${result.stderr}`).toBeGreaterThan(0);
      for (const secret of secrets) {
        for (const form of secretForms(secret))
          expect(bodies.includes(form), `an export holds ${JSON.stringify(form)}`).toBe(false);
      }
    }
  });
});
