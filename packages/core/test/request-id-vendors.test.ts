/**
 * Request ids and attempt counts through every vendor's real client (issue 26, part 3): an error
 * answer carrying an id header ends as `error.requestId` with `error.attempts`, in `toJSON()`, in the
 * logging policy's meta; a secret in the header is redacted, a 100 kB one is bounded. No vendor's
 * documents name a request-id header (specs/<vendor>/samples/README.md, "Request ids"), so the
 * generic `X-Request-Id` / `Request-Id` are what the servers here send. The vendors are loaded by
 * name (core does not depend on them; Vitest resolves them to their sources), as the testkit's
 * hostile-vendors test does. Real HTTP on 127.0.0.1; retries with 1 ms backoff (no timing asserted).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type JobSource, ServerError, SoapFaultError } from '../src/index.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

const SECRET = 'REQID-secret-5e1d7c';
const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 1 };

// biome-ignore lint/suspicious/noExplicitAny: vendors are loaded by name; only getJobStatus is called.
type AnyClient = JobSource<any>;
type Factory = (settings: unknown, options?: unknown) => AnyClient;
interface VendorCase {
  name: string;
  pkg: string;
  factory: string;
  settings: (url: string) => unknown;
  ref: unknown;
}

const VENDORS: VendorCase[] = [
  {
    name: 'alteryx-server',
    pkg: '@jobwire/alteryx-server',
    factory: 'createAlteryxServerClient',
    settings: (url) => ({ baseUrl: url, accessToken: SECRET }),
    ref: 'job-1',
  },
  {
    name: 'aspera-orchestrator',
    pkg: '@jobwire/aspera-orchestrator',
    factory: 'createAsperaOrchestratorClient',
    settings: (url) => ({ baseUrl: url, auth: { username: 'admin', password: SECRET } }),
    ref: '7',
  },
  {
    name: 'truesight-orchestration',
    pkg: '@jobwire/truesight-orchestration',
    factory: 'createTrueSightOrchestrationClient',
    settings: (url) => ({ baseUrl: url, authToken: SECRET }),
    ref: 'job-1',
  },
  {
    name: 'elma-rpa',
    pkg: '@jobwire/elma-rpa',
    factory: 'createElmaRpaClient',
    settings: (url) => ({ baseUrl: url, authToken: SECRET }),
    ref: 955,
  },
  {
    name: 'nagra-apubi',
    pkg: '@jobwire/nagra-apubi',
    factory: 'createNagraApubiClient',
    settings: (url) => ({ baseUrl: `${url}/apubi`, username: 'publisher', password: SECRET }),
    ref: 'task-1',
  },
];

const SOAP_FAULT = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <soapenv:Fault>
      <faultcode>soapenv:Server</faultcode>
      <faultstring>Task Id does not exist</faultstring>
    </soapenv:Fault>
  </soapenv:Body>
</soapenv:Envelope>`;

/** Everything an error shows, for the secret check. */
const shown = (error: unknown) =>
  [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');

describe.each(VENDORS)('$name: request id and attempts on errors and log lines', (vendor) => {
  let server: LocalServer;
  let reply: (request: IncomingMessage, response: ServerResponse, n: number) => void;
  let make: Factory;
  beforeAll(async () => {
    server = await startLocalServer((request, response) => reply(request, response, server.requests.length));
    const mod = (await import(/* @vite-ignore */ vendor.pkg)) as Record<string, Factory>;
    const factory = mod[vendor.factory];
    if (!factory) throw new Error(`${vendor.factory} is not exported`);
    make = factory;
  });
  afterAll(() => server.close());

  const client = (options: Record<string, unknown>) => make(vendor.settings(server.url), options);
  const errorAnswer =
    (status: number, id: (n: number) => string, header = 'x-request-id') =>
    (_request: IncomingMessage, response: ServerResponse, n: number) => {
      response.writeHead(status, { 'content-type': 'text/plain', [header]: id(n) });
      response.end(`error ${status}`);
    };

  it('a 404 with X-Request-Id: ApiError with that requestId, attempts 1, both in toJSON', async () => {
    server.requests.length = 0;
    reply = errorAnswer(404, () => `${vendor.name}-404-a1b2`);
    const error = (await rejection(client({ retry: false }).getJobStatus(vendor.ref))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.requestId).toBe(`${vendor.name}-404-a1b2`);
    expect(error.attempts).toBe(1);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json.requestId).toBe(`${vendor.name}-404-a1b2`);
    expect(json.attempts).toBe(1);
    expect(error.message).not.toContain('a1b2');
  });

  it('two retried 503s and a third: ServerError, attempts 3, the last answer’s id; debug meta per attempt', async () => {
    server.requests.length = 0;
    reply = errorAnswer(503, (n) => `${vendor.name}-503-try${n}`, 'request-id');
    const debug: Array<Record<string, unknown>> = [];
    const warn: Array<Record<string, unknown>> = [];
    const logger = {
      debug: (_message: string, meta?: Record<string, unknown>) => debug.push(meta ?? {}),
      warn: (_message: string, meta?: Record<string, unknown>) => warn.push(meta ?? {}),
    };
    const error = (await rejection(client({ retry: FAST_RETRY, logger }).getJobStatus(vendor.ref))) as ServerError;
    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(3);
    expect(error.requestId).toBe(`${vendor.name}-503-try3`);
    expect(error.toJSON()).toMatchObject({ attempts: 3, requestId: `${vendor.name}-503-try3`, status: 503 });
    expect(debug.map((meta) => [meta.attempt, meta.status, meta.requestId])).toEqual([
      [1, 503, `${vendor.name}-503-try1`],
      [2, 503, `${vendor.name}-503-try2`],
      [3, 503, `${vendor.name}-503-try3`],
    ]);
    for (const meta of debug) {
      expect(meta.vendor).toBe(vendor.name);
      expect(typeof meta.operation).toBe('string');
      expect(typeof meta.method).toBe('string');
      expect(String(meta.url)).toContain(server.url);
      expect(typeof meta.durationMs).toBe('number');
    }
    expect(warn.map((meta) => [meta.attempt, meta.requestId, typeof meta.delayMs])).toEqual([
      [1, `${vendor.name}-503-try1`, 'number'],
      [2, `${vendor.name}-503-try2`, 'number'],
    ]);
    expect(JSON.stringify([debug, warn])).not.toContain(SECRET);
  });

  it('the client’s secret echoed in the id header is redacted wherever the error shows', async () => {
    reply = errorAnswer(400, () => `echo-${SECRET}-end`);
    const error = (await rejection(client({ retry: false }).getJobStatus(vendor.ref))) as ApiError;
    expect(error.requestId).toBe('echo-***-end');
    expect(shown(error)).not.toContain(SECRET);
  });

  it('a 100 kB id is cut to 128 characters', async () => {
    reply = errorAnswer(500, () => 'short');
    // node:http and undici refuse 100 kB of headers: the id is set on the real answer on its way in.
    const fetch = async (request: Request): Promise<Response> => {
      const real = await globalThis.fetch(request);
      const headers = new Headers(real.headers);
      headers.set('x-request-id', 'r'.repeat(100 * 1024));
      return new Response(real.body, { status: real.status, statusText: real.statusText, headers });
    };
    const error = (await rejection(client({ retry: false, fetch }).getJobStatus(vendor.ref))) as ApiError;
    expect(error.requestId).toBe('r'.repeat(128));
  });

  if (vendor.name === 'nagra-apubi') {
    it('a SOAP fault (HTTP 500) with Request-Id: SoapFaultError with requestId and attempts 1 (faults are not retried)', async () => {
      server.requests.length = 0;
      reply = (_request, response) => {
        response.writeHead(500, { 'content-type': 'text/xml; charset=utf-8', 'request-id': '|soap.fault.1.' });
        response.end(SOAP_FAULT);
      };
      const error = (await rejection(client({ retry: FAST_RETRY }).getJobStatus(vendor.ref))) as SoapFaultError;
      expect(error).toBeInstanceOf(SoapFaultError);
      expect(error.faultString).toBe('Task Id does not exist');
      expect(error.requestId).toBe('|soap.fault.1.');
      expect(error.attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
      expect(error.toJSON()).toMatchObject({ requestId: '|soap.fault.1.', attempts: 1 });
    });
  }
});
