/**
 * A tiny vendor for testing the contract suite: a REST job API on core's simulator kit (`startHttpServer`
 * + `JobBook`), a client on core's transport, and its `VendorDefinition`. `flaws` break the client in
 * the ways the suite must catch; `brokenSession` breaks the session around a good client.
 */
import {
  type ClientOptions,
  createJobStatus,
  createRedactor,
  createStateMapper,
  isRecord,
  type JobSource,
  type JobStatus,
  shapeError,
  staticTokenAuthenticator,
  waitForJob,
} from '@jobwire/core';
import type { VendorDefinition, VendorSession } from '@jobwire/core/definition';
import { clientTransportOptions, createHttpTransport, pathSegment } from '@jobwire/core/internal';
import {
  hexId,
  JobBook,
  json,
  type SimPhase,
  type SimRequest,
  type Simulator,
  type SimulatorOptions,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';

const VENDOR = 'fake-vendor';
const API_KEY = 'fake-api-key-3f9c2b7e41d8';
const STATUS_TEXT: Record<SimPhase, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Completed',
  failed: 'Error',
  cancelled: 'Cancelled',
};

/** The fake vendor's simulator: `POST /api/jobs`, `GET /api/jobs/:id`, `POST /api/jobs/:id/cancel`, Bearer API key. */
export async function startFakeSimulator(options: SimulatorOptions = {}): Promise<Simulator<{ apiKey: string }>> {
  const book = new JobBook(options);
  const random = seededRandom(7);
  const denied = () => json({ message: 'invalid API key' }, 401);
  const authorized = (request: SimRequest) => request.headers.authorization === `Bearer ${API_KEY}`;
  const answer = (id: string, status = 200) => {
    const job = book.get(id);
    if (!job) return json({ message: `no job ${id}` }, 404);
    return json({ id: job.id, status: STATUS_TEXT[book.phase(job)] }, status);
  };
  const server = await startHttpServer({
    basePath: '/api',
    chaos: options.chaos,
    port: options.port,
    routes: [
      {
        method: 'POST',
        path: '/jobs',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const body = JSON.parse(request.body || '{}') as { name?: unknown };
          return answer(book.create(hexId(random), String(body.name ?? 'job'), {}).id, 201);
        },
      },
      {
        method: 'GET',
        path: '/jobs/:id',
        handler: (request) => (authorized(request) ? answer(request.params.id ?? '') : denied()),
      },
      {
        method: 'POST',
        path: '/jobs/:id/cancel',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const job = book.get(request.params.id ?? '');
          if (!job) return json({ message: 'no such job' }, 404);
          if (!book.cancel(job)) return json({ message: 'the job is finished' }, 409);
          return answer(job.id);
        },
      },
    ],
  });
  return {
    vendor: VENDOR,
    url: server.url,
    credentials: { apiKey: API_KEY },
    get requestCount() {
      return server.requestCount;
    },
    get faultCount() {
      return server.faultCount;
    },
    setChaos: server.setChaos,
    close: server.close,
  };
}

/** Ways to break the fake client. */
export interface Flaws {
  /** Sends writes again on a 503. */
  retryWrites?: boolean;
  /** Puts ids into paths as they are. */
  rawIds?: boolean;
  /** Logs the API key. */
  logKey?: boolean;
  /** Drops the client options (fetch, logger). */
  dropClientOptions?: boolean;
  /** Maps the vendor's `Error` to succeeded. */
  errorIsSuccess?: boolean;
  /** No retries of reads. */
  noRetries?: boolean;
  /** Reads statuses once more with a bare fetch, and puts an error answer's body into the error as it came. */
  echoErrors?: boolean;
}

interface FakeClient extends JobSource<string> {
  startJob(name: string, options?: { signal?: AbortSignal | undefined }): Promise<string>;
  cancelJob(id: string, options?: { signal?: AbortSignal | undefined }): Promise<string>;
}

function createFakeClient(baseUrl: string, apiKey: string, options: ClientOptions, flaws: Flaws): FakeClient {
  if (flaws.logKey) options.logger?.debug?.(`connecting with key ${apiKey}`);
  const transport = createHttpTransport({
    ...(flaws.dropClientOptions ? {} : clientTransportOptions(options)),
    vendor: VENDOR,
    redactor: createRedactor([apiKey]),
    authenticator: staticTokenAuthenticator(apiKey),
    ...(flaws.retryWrites ? { retryWrites: { baseDelayMs: 1, maxDelayMs: 1 } } : {}),
    ...(flaws.noRetries ? { retry: false } : {}),
  });
  const mapState = createStateMapper({
    Queued: 'queued',
    Running: 'running',
    Completed: 'succeeded',
    Error: flaws.errorIsSuccess ? 'succeeded' : 'failed',
    Cancelled: 'cancelled',
  });
  const url = (id: string, rest = '') =>
    `${baseUrl}/jobs/${flaws.rawIds ? id : encodeURIComponent(pathSegment(id, 'id'))}${rest}`;
  const read = (body: unknown, operation: string): { id: string; status: string } => {
    if (!isRecord(body) || typeof body.id !== 'string' || typeof body.status !== 'string') {
      throw shapeError({ vendor: VENDOR, operation }, 'a job with id and status', body);
    }
    return { id: body.id, status: body.status };
  };
  return {
    vendor: VENDOR,
    async startJob(name, callOptions = {}) {
      const operation = 'startJob';
      const { body } = await transport.request(
        {
          method: 'POST',
          url: `${baseUrl}/jobs`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name }),
        },
        { operation, signal: callOptions.signal },
      );
      return read(body, operation).id;
    },
    async getJobStatus(id, callOptions = {}): Promise<JobStatus> {
      const operation = 'getJobStatus';
      if (flaws.echoErrors) {
        const request = new Request(url(id), { headers: { authorization: `Bearer ${apiKey}` }, signal: callOptions.signal });
        const response = await (options.fetch ?? globalThis.fetch)(request);
        if (!response.ok) throw new Error(`getJobStatus failed with ${response.status}: ${await response.text()}`);
      }
      const { body } = await transport.request({ url: url(id) }, { operation, signal: callOptions.signal });
      const job = read(body, operation);
      return createJobStatus({ vendor: VENDOR, id, state: mapState(job.status), vendorStatus: job.status, raw: body });
    },
    async cancelJob(id, callOptions = {}) {
      const operation = 'cancelJob';
      const { body } = await transport.request(
        { method: 'POST', url: url(id, '/cancel') },
        { operation, signal: callOptions.signal },
      );
      return `cancel accepted: ${read(body, operation).status}`;
    },
  };
}

/** The fake vendor's definition; `flaws` break its client, `brokenSession` its session. */
export function fakeDefinition(
  flaws: Flaws = {},
  brokenSession: (session: VendorSession) => VendorSession = (session) => session,
  overrides: Partial<VendorDefinition> = {},
): VendorDefinition {
  return {
    id: VENDOR,
    title: 'Fake Vendor',
    protocol: 'rest',
    idHelp: 'the job id, 24 hex characters',
    settings: [{ key: 'apiKey', description: 'the API key', secret: true }],
    capabilities: { cancel: true, browser: true },
    start: { what: 'a job', fields: [{ key: 'name', description: 'the job to run', required: true }], demo: { name: 'demo' } },
    connect(settings, options = {}) {
      const client = createFakeClient(settings.url ?? '', settings.apiKey ?? '', options, flaws);
      return brokenSession({
        client,
        getJobStatus: (id, callOptions) => client.getJobStatus(id, callOptions),
        waitForJob: (id, waitOptions) => waitForJob(client, id, waitOptions),
        cancelJob: (id, callOptions) => client.cancelJob(id, callOptions),
        startJob: (input, callOptions) => client.startJob(String(input.name), callOptions),
        probes: [],
      });
    },
    async simulator() {
      return {
        start: startFakeSimulator,
        settings: (simulator) => ({ url: simulator.url, ...simulator.credentials }),
      };
    },
    ...overrides,
  };
}
