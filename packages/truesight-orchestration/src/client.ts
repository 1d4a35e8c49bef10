import {
  AuthenticationError,
  type CallOptions,
  type ClientOptions,
  createRedactor,
  type JobSource,
  type JobStatus,
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
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  givenTokenAuthenticator,
  login,
  type SessionAuthenticator,
  sessionAuthenticator,
  TOKEN_HEADER,
  type UserCredentials,
} from './auth.js';
import { decodeExecution, decodeJobStatusBody, toTrueSightJob } from './decode.js';
import { mapTrueSightError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { xmlReadyFor } from './outputs.js';
import { toJobStatus } from './status.js';
import type {
  AsyncExecution,
  ExecutionMode,
  ExecutionResult,
  InputParameter,
  JobStatusResponse,
  ProcessInputs,
  SyncExecution,
  TrueSightComponent,
  TrueSightJob,
} from './types.js';
import { VERSION } from './version.js';

interface ServerLocation {
  /** `https://HOST:PORT` (the REST root `/{component}/rest` is added), or the REST root itself. */
  baseUrl: string;
  /** `baocdp` (default) or `baoap`. Ignored when `baseUrl` already ends in `/baocdp/rest` or `/baoap/rest`. */
  component?: TrueSightComponent;
}

/** Where the server is, and how to authenticate: user and password (recommended), or a token. */
export type TrueSightOrchestrationConnection =
  | (ServerLocation & UserCredentials)
  | (ServerLocation & {
      /** A token obtained elsewhere; it is not renewed. */
      authToken: string;
    });

/** @deprecated Use `TrueSightOrchestrationConnection` (the same type under the package's name). */
export type TrueSightConnection = TrueSightOrchestrationConnection;

/**
 * Options of `createTrueSightOrchestrationClient`: core's `ClientOptions` and the token lifetime. A
 * sync execution lasts as long as the process: raise `timeoutMs` and `callTimeoutMs` for it, or use
 * async. The writes `retryWrites` covers are login, execute and logout.
 */
export interface TrueSightOrchestrationClientOptions extends ClientOptions {
  /** How long a token lives on the server (default 24 h); it is renewed a minute before. */
  tokenLifetimeMs?: number;
}

/** @deprecated Use `TrueSightOrchestrationClientOptions` (the same options under the package's name). */
export type TrueSightClientOptions = TrueSightOrchestrationClientOptions;

/** Options of `executeProcess`: sync (outputs) or async (a job id), and an abort signal. */
export type ExecuteOptions<M extends ExecutionMode = ExecutionMode> = CallOptions & {
  /** `sync` (the server's default) waits for the process and returns its outputs; `async` returns a job id. */
  mode?: M;
};

/**
 * The BMC TrueSight Orchestration client: execute processes, read and wait for jobs, log in and
 * out. Made by `createTrueSightOrchestrationClient`.
 */
export interface TrueSightOrchestrationClient extends JobSource<string> {
  /** The vendor this talks to or came from. */
  readonly vendor: 'truesight-orchestration';
  /** The generated openapi-fetch client, authenticated, with typed errors and retries. */
  readonly api: Client<paths>;
  /** The REST root every path is relative to: `https://HOST:PORT/baocdp/rest`. */
  readonly baseUrl: string;
  /** POST /process/{processName}/execute?mode=async: starts the process and returns the job id. */
  executeProcess(processName: string, inputs: ProcessInputs, options: ExecuteOptions<'async'>): Promise<AsyncExecution>;
  /** POST /process/{processName}/execute?mode=sync (the default): runs the process and returns its outputs. */
  executeProcess(processName: string, inputs?: ProcessInputs, options?: ExecuteOptions<'sync'>): Promise<SyncExecution>;
  /** POST /process/{processName}/execute in the mode `options.mode` says: outputs (sync) or a job id (async). */
  executeProcess(processName: string, inputs?: ProcessInputs, options?: ExecuteOptions): Promise<ExecutionResult>;
  /** GET /job/{jobId}/status: the job with its start time parsed and its outputs decoded. */
  getJob(jobId: string, options?: CallOptions): Promise<TrueSightJob>;
  /** The job's normalized status; `outputs` are the decoded output values by name. */
  getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus<JobStatusResponse>>;
  /** Polls until the job is done and resolves with its final status, whatever it is. */
  waitForJob(jobId: string, options?: WaitOptions): Promise<JobStatus<JobStatusResponse>>;
  /** POST /logout with the current token, if there is one; the next call logs in again (with credentials). */
  logout(options?: CallOptions): Promise<void>;
}

/** @deprecated Use `TrueSightOrchestrationClient` (the same type under the package's name). */
export type TrueSightClient = TrueSightOrchestrationClient;

const REST_ROOT = /\/(baocdp|baoap)\/rest\/*$/;

/** The REST root for a connection: `{baseUrl}/{component}/rest`, unless baseUrl is that already. */
export function restRoot(location: ServerLocation): string {
  if (REST_ROOT.test(location.baseUrl)) return location.baseUrl.replace(/\/+$/, '');
  return `${location.baseUrl.replace(/\/+$/, '')}/${location.component ?? 'baocdp'}/rest`;
}

function toInputParameters(inputs: ProcessInputs | undefined): InputParameter[] {
  if (inputs === undefined) return [];
  if (Array.isArray(inputs)) return inputs.map((input: InputParameter) => ({ ...input }));
  return Object.entries(inputs).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * A client for BMC TrueSight Orchestration jobs.
 *
 * ```ts
 * const tso = createTrueSightOrchestrationClient({ baseUrl: 'https://tso.example.com:38080', username, password });
 * const { jobId } = await tso.executeProcess(':AutoPilot-AD-Utilities:HTTP:Get', { url: 'https://example.com' }, { mode: 'async' });
 * const final = await tso.waitForJob(jobId);
 * ```
 */
export function createTrueSightOrchestrationClient(
  connection: TrueSightOrchestrationConnection,
  options: TrueSightOrchestrationClientOptions = {},
): TrueSightOrchestrationClient {
  const vendor = 'truesight-orchestration' as const;
  const redactor = createRedactor('authToken' in connection ? [connection.authToken] : [connection.password]);
  const authenticator: SessionAuthenticator =
    'authToken' in connection
      ? givenTokenAuthenticator(connection.authToken)
      : sessionAuthenticator((signal) =>
          login(connection, api, transport, options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, signal),
        );
  const transport = createHttpTransport({
    ...clientTransportOptions(options),
    vendor,
    version: VERSION,
    redactor,
    mapError: mapTrueSightError,
    authenticator,
  });
  const baseUrl = restRoot(connection);
  const api = createClient<paths>({ baseUrl, fetch: transport.fetch });
  const op = (operation: string, extra: Omit<OperationOptions, 'operation'> = {}) =>
    transport.forOperation({ operation, body: 'text', ...extra });
  const shape = (operation: string) => ({ vendor, operation, redact: redactor.text });

  const statusUrl = urlCache((jobId) => requestUrl<paths>(baseUrl, '/job/{jobId}/status', { jobId }));
  const readJob = async (jobId: string, operation: string, signal: AbortSignal | undefined) => {
    // The read waitForJob polls goes straight through the transport, not openapi-fetch (~10 % per
    // call on loopback, bench/README.md): same request, errors and retries.
    const { status, body } = await transport.request({ url: statusUrl(jobId) }, { operation, body: 'text', jobId, signal });
    const job = decodeJobStatusBody(body as string | undefined, status, shape(operation));
    // Outputs are decoded when read, synchronously: load the XML parser now if a value is a
    // `<result>` document (once per process), and never for a job whose outputs hold none.
    const xmlReady = xmlReadyFor(job.outputParameters);
    if (xmlReady) await xmlReady;
    return job;
  };

  const executeProcess = async (
    processName: string,
    inputs?: ProcessInputs,
    { signal, mode = 'sync' }: ExecuteOptions = {},
  ): Promise<ExecutionResult> => {
    const { data, response } = await api.POST('/process/{processName}/execute', {
      params: { path: { processName: pathSegment(processName, 'processName') }, query: { mode } },
      body: { inputParameters: toInputParameters(inputs) },
      fetch: op('executeProcess'),
      parseAs: 'text',
      signal,
    });
    return decodeExecution(data, mode, response.status, shape('executeProcess'));
  };

  const client: TrueSightOrchestrationClient = {
    vendor,
    api,
    baseUrl,
    executeProcess: executeProcess as TrueSightOrchestrationClient['executeProcess'],
    async getJob(jobId, { signal } = {}) {
      return toTrueSightJob(jobId, await readJob(jobId, 'getJob', signal));
    },
    async getJobStatus(jobId, { signal } = {}) {
      const job = toTrueSightJob(jobId, await readJob(jobId, 'getJobStatus', signal));
      return toJobStatus(jobId, job.raw, job.outputs);
    },
    waitForJob(jobId, waitOptions) {
      return waitForJob(client, jobId, waitOptions, options.instrumentation) as Promise<JobStatus<JobStatusResponse>>;
    },
    async logout({ signal } = {}) {
      const token = authenticator.currentToken();
      if (token === undefined) return;
      authenticator.forget();
      try {
        await api.POST('/logout', {
          headers: { [TOKEN_HEADER]: token },
          fetch: op('logout', { authenticate: false, idempotent: false }),
          parseAs: 'text',
          signal,
        });
      } catch (error) {
        // 401: the token had expired or was revoked already; the session is over either way.
        if (!(error instanceof AuthenticationError)) throw error;
      }
    },
  };
  return client;
}

/**
 * @deprecated Use `createTrueSightOrchestrationClient` (the same function under the package's name:
 * every vendor's factory is `create<Vendor>Client`).
 */
export const createTrueSightClient: typeof createTrueSightOrchestrationClient = createTrueSightOrchestrationClient;
