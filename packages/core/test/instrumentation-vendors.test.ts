/**
 * Every vendor's real client hands its instrumentation on (issue 26): `getJobStatus` is a call
 * carrying the job id, and the client's own `waitForJob` opens a wait scope whose polls' calls run
 * inside it. The server answers 404 to everything (a wait ends on it, unretried), so no vendor's
 * status body is needed. Vendors loaded by name, as request-id-vendors.test.ts does; real HTTP on
 * 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSource } from '../src/index.js';
import { recordingInstrumentation } from './instrumentation-support.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

// biome-ignore lint/suspicious/noExplicitAny: vendors are loaded by name; only getJobStatus and waitForJob are called.
type AnyClient = JobSource<any> & { waitForJob(ref: unknown, options?: unknown): Promise<unknown> };
type Factory = (settings: unknown, options?: unknown) => AnyClient;

const VENDORS = [
  {
    pkg: '@jobwire/alteryx-server',
    factory: 'createAlteryxServerClient',
    settings: (url: string) => ({ baseUrl: url, accessToken: 'tok' }),
    ref: 'job 1',
    jobId: 'job 1',
  },
  {
    pkg: '@jobwire/aspera-orchestrator',
    factory: 'createAsperaOrchestratorClient',
    settings: (url: string) => ({ baseUrl: url, auth: { username: 'admin', password: 'pw' } }),
    ref: '7',
    jobId: '7',
  },
  {
    pkg: '@jobwire/truesight-orchestration',
    factory: 'createTrueSightOrchestrationClient',
    settings: (url: string) => ({ baseUrl: url, authToken: 'tok' }),
    ref: 'job-1',
    jobId: 'job-1',
  },
  {
    pkg: '@jobwire/elma-rpa',
    factory: 'createElmaRpaClient',
    settings: (url: string) => ({ baseUrl: url, authToken: 'tok' }),
    ref: 955,
    jobId: '955',
  },
  {
    pkg: '@jobwire/nagra-apubi',
    factory: 'createNagraApubiClient',
    settings: (url: string) => ({ baseUrl: `${url}/apubi`, username: 'publisher', password: 'pw' }),
    ref: 'task-1',
    jobId: 'task-1',
  },
];

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"message":"no such job"}');
  });
});
afterAll(() => server.close());

describe.each(VENDORS)('$pkg with an instrumentation', (vendor) => {
  async function client() {
    const mod = (await import(/* @vite-ignore */ vendor.pkg)) as Record<string, Factory>;
    const instrumentation = recordingInstrumentation();
    const factory = mod[vendor.factory] as Factory;
    return { instrumentation, client: factory(vendor.settings(server.url), { instrumentation, retry: false }) };
  }

  it('getJobStatus is a call with the job id', async () => {
    const { instrumentation, client: c } = await client();
    const error = await rejection(c.getJobStatus(vendor.ref));
    const start = instrumentation.events.find((event) => event.kind === 'startCall');
    expect(start?.kind === 'startCall' && start.info.operation).toBe('getJobStatus');
    expect(start?.kind === 'startCall' && start.info.jobId).toBe(vendor.jobId);
    expect(instrumentation.events.at(-1)).toEqual({ kind: 'endCall', id: start?.kind === 'startCall' ? start.id : -1, error });
  });

  it('waitForJob opens a wait scope; its poll is a call inside it', async () => {
    const { instrumentation, client: c } = await client();
    const error = await rejection(c.waitForJob(vendor.ref, { minDelayMs: 1 }));
    const [wait] = instrumentation.events;
    expect(wait).toEqual({ kind: 'startWait', id: 1, vendor: c.vendor, jobId: vendor.jobId });
    const call = instrumentation.events.find((event) => event.kind === 'startCall');
    expect(call?.kind === 'startCall' && [call.parent, call.info.operation]).toEqual([1, 'getJobStatus']);
    expect(instrumentation.events.at(-1)).toEqual({ kind: 'endWait', wait: 1, outcome: { error } });
  });
});
