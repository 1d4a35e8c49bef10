import {
  bearerAuthenticator,
  type CallOptions,
  type ClientOptions,
  createRedactor,
  type JobSource,
  type JobStatus,
  staticTokenAuthenticator,
  type WaitOptions,
  waitForJob,
} from '@jobwire/core';
import {
  clientTransportOptions,
  createHttpTransport,
  type OperationOptions,
  pathSegment,
  requestUrl,
  urlCache,
} from '@jobwire/core/internal';
import createClient, { type Client } from 'openapi-fetch';
import { type ClientCredentials, requestClientCredentialsToken } from './auth.js';
import { decodeCancel, decodeJobMessages, decodeJobView, decodeQuestions, decodeWorkflowJobs } from './decode.js';
import { mapAlteryxError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { toJobStatus } from './status.js';
import type {
  CancelJobResult,
  EnqueueJobContract,
  JobMessageView,
  JobOutput,
  JobView,
  ListWorkflowJobsQuery,
  WorkflowJobView,
  WorkflowQuestion,
} from './types.js';
import { VERSION } from './version.js';

/** Where the server is, and how to authenticate: client credentials (recommended) or a token. */
export type AlteryxServerConnection =
  | ({ baseUrl: string } & ClientCredentials)
  | {
      baseUrl: string;
      /** A token obtained elsewhere; it is not renewed. */
      accessToken: string;
    };

/**
 * Options of `createAlteryxServerClient`: core's `ClientOptions` (fetch, timeouts, retries, logger,
 * limits, redirects, User-Agent) and the token renewal margin. The writes `retryWrites` covers are
 * runWorkflow and cancelJob; `streamIdleTimeoutMs`/`streamTimeoutMs` bound `downloadJobOutput` bodies.
 */
export interface AlteryxServerClientOptions extends ClientOptions {
  /** Renew the OAuth2 token this long before it expires (default 60 s). */
  tokenRefreshMarginMs?: number;
}

/** The Alteryx Server API v3 client: run workflows, read, wait for and cancel jobs, download outputs. Made by `createAlteryxServerClient`. */
export interface AlteryxServerClient extends JobSource<string> {
  /** The vendor this talks to or came from. */
  readonly vendor: 'alteryx-server';
  /** The generated openapi-fetch client, authenticated, with typed errors and retries. */
  readonly api: Client<paths>;
  /** GET /v3/jobs/{jobId}. Messages are included unless `includeMessages: false`. */
  getJob(jobId: string, options?: CallOptions & { includeMessages?: boolean }): Promise<JobView>;
  /**
   * GET /v3/jobs/{jobId}/messages (Curators only; documented from Server 2024.2). The documented
   * answer is one JobMessageView, returned as a one-element list; an array answer is returned whole.
   */
  getJobMessages(jobId: string, options?: CallOptions): Promise<JobMessageView[]>;
  /** DELETE /v3/jobs/{jobId}: a running job is cancelled, a queued one deleted (documented from Server 2025.1). */
  cancelJob(jobId: string, options?: CallOptions): Promise<CancelJobResult>;
  /** POST /v3/workflows/{workflowId}/jobs: queues a run and returns the new job. */
  runWorkflow(workflowId: string, contract?: EnqueueJobContract, options?: CallOptions): Promise<JobView>;
  /** GET /v3/workflows/{workflowId}/jobs. */
  listWorkflowJobs(workflowId: string, query?: ListWorkflowJobsQuery, options?: CallOptions): Promise<WorkflowJobView[]>;
  /** GET /v3/workflows/{workflowId}/questions, of the published version or of `versionId`. */
  getWorkflowQuestions(workflowId: string, options?: CallOptions & { versionId?: string }): Promise<WorkflowQuestion[]>;
  /**
   * GET /v1/jobs/{jobId}/output/{outputId}?format=, streamed. `format` is required (as in the
   * Swagger document): one of the output's `availableFormats`.
   */
  downloadJobOutput(jobId: string, outputId: string, options: CallOptions & { format: string }): Promise<JobOutput>;
  /** The job's normalized status (with messages, so a failure carries its last error). */
  getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus<JobView>>;
  /** Polls until the job is done and resolves with its final status, whatever it is. */
  waitForJob(jobId: string, options?: WaitOptions): Promise<JobStatus<JobView>>;
}

/**
 * A client for Alteryx Server API v3 jobs.
 *
 * ```ts
 * const alteryx = createAlteryxServerClient({ baseUrl: 'https://alteryx.example.com/webapi', clientId, clientSecret });
 * const job = await alteryx.runWorkflow('66e1f0a23d6200007e000aa1');
 * const final = await alteryx.waitForJob(job.id);
 * ```
 */
export function createAlteryxServerClient(
  connection: AlteryxServerConnection,
  options: AlteryxServerClientOptions = {},
): AlteryxServerClient {
  const redactor = createRedactor('accessToken' in connection ? [connection.accessToken] : [connection.clientSecret]);
  // Tokens are asked for through the same transport and client, lazily, on the first call.
  const authenticator =
    'accessToken' in connection
      ? staticTokenAuthenticator(connection.accessToken)
      : bearerAuthenticator(
          (signal) => requestClientCredentialsToken(connection, api, transport, signal),
          options.tokenRefreshMarginMs,
        );
  const transport = createHttpTransport({
    ...clientTransportOptions(options),
    vendor: 'alteryx-server',
    version: VERSION,
    redactor,
    mapError: mapAlteryxError,
    authenticator,
  });
  const api = createClient<paths>({ baseUrl: connection.baseUrl, fetch: transport.fetch });
  const op = (operation: string, extra: Omit<OperationOptions, 'operation'> = {}) =>
    transport.forOperation({ operation, body: 'json', ...extra });
  const shape = (operation: string) => ({ vendor: 'alteryx-server' as const, operation, redact: redactor.text });

  const getJob: AlteryxServerClient['getJob'] = async (jobId, { signal, includeMessages = true } = {}) => {
    const { data } = await api.GET('/v3/jobs/{jobId}', {
      params: { path: { jobId: pathSegment(jobId, 'jobId') }, query: { includeMessages } },
      fetch: op('getJob'),
      signal,
    });
    return decodeJobView(data, shape('getJob'));
  };

  const statusUrl = urlCache((jobId) =>
    requestUrl<paths>(connection.baseUrl, '/v3/jobs/{jobId}', { jobId }, { includeMessages: true }),
  );

  const client: AlteryxServerClient = {
    vendor: 'alteryx-server',
    api: api,
    getJob,
    async getJobMessages(jobId, { signal } = {}) {
      const { data } = await api.GET('/v3/jobs/{jobId}/messages', {
        params: { path: { jobId: pathSegment(jobId, 'jobId') } },
        fetch: op('getJobMessages'),
        signal,
      });
      return decodeJobMessages(data, shape('getJobMessages'));
    },
    async cancelJob(jobId, { signal } = {}) {
      const { data } = await api.DELETE('/v3/jobs/{jobId}', {
        params: { path: { jobId: pathSegment(jobId, 'jobId') } },
        fetch: op('cancelJob', { jobId }),
        signal,
      });
      return decodeCancel(data, shape('cancelJob'));
    },
    async runWorkflow(workflowId, contract = {}, { signal } = {}) {
      const { data } = await api.POST('/v3/workflows/{workflowId}/jobs', {
        params: { path: { workflowId: pathSegment(workflowId, 'workflowId') } },
        body: contract,
        fetch: op('runWorkflow'),
        signal,
      });
      return decodeJobView(data, shape('runWorkflow'));
    },
    async listWorkflowJobs(workflowId, query = {}, { signal } = {}) {
      const { data } = await api.GET('/v3/workflows/{workflowId}/jobs', {
        params: { path: { workflowId: pathSegment(workflowId, 'workflowId') }, query },
        fetch: op('listWorkflowJobs'),
        signal,
      });
      return decodeWorkflowJobs(data, shape('listWorkflowJobs'));
    },
    async getWorkflowQuestions(workflowId, { signal, versionId } = {}) {
      const { data } = await api.GET('/v3/workflows/{workflowId}/questions', {
        params: {
          path: { workflowId: pathSegment(workflowId, 'workflowId') },
          query: versionId === undefined ? {} : { versionId },
        },
        fetch: op('getWorkflowQuestions'),
        signal,
      });
      return decodeQuestions(data, shape('getWorkflowQuestions'));
    },
    async downloadJobOutput(jobId, outputId, options) {
      // The server requires `format`; a call without one (plain JS callers) is refused before any request.
      const { signal, format } = options ?? ({} as Partial<typeof options>);
      if (typeof format !== 'string' || format === '') {
        throw new RangeError(`format must be one of the output's availableFormats (got ${JSON.stringify(format)})`);
      }
      const { response } = await api.GET('/v1/jobs/{jobId}/output/{outputId}', {
        params: {
          path: { jobId: pathSegment(jobId, 'jobId'), outputId: pathSegment(outputId, 'outputId') },
          query: { format },
        },
        fetch: op('downloadJobOutput', { body: 'stream' }),
        parseAs: 'stream',
        signal,
      });
      return toJobOutput(response);
    },
    async getJobStatus(jobId, { signal } = {}) {
      // The read waitForJob polls goes straight through the transport: openapi-fetch costs ~10 %
      // per call on loopback (bench/README.md); same request, errors and retries as getJob, but
      // errors and log lines name getJobStatus, the method called.
      const { body } = await transport.request({ url: statusUrl(jobId) }, { operation: 'getJobStatus', jobId, signal });
      return toJobStatus(decodeJobView(body, shape('getJobStatus')));
    },
    waitForJob(jobId, waitOptions) {
      return waitForJob(client, jobId, waitOptions, options.instrumentation) as Promise<JobStatus<JobView>>;
    },
  };
  return client;
}

function toJobOutput(response: Response): JobOutput {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  let fileName = plain;
  if (encoded) {
    try {
      fileName = decodeURIComponent(encoded.trim());
    } catch {
      fileName = plain;
    }
  }
  const body = response.body ?? new Response('').body;
  return {
    body: body as ReadableStream<Uint8Array>,
    contentType: response.headers.get('content-type') ?? undefined,
    fileName,
    arrayBuffer: () => new Response(body).arrayBuffer(),
  };
}
