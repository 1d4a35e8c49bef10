import {
  type CallOptions,
  type ClientOptions,
  createRedactor,
  type JobSource,
  type JobStatus,
  type WaitOptions,
  waitForJob,
} from '@jobwire/core';
import { clientTransportOptions, createHttpTransport, type OperationOptions } from '@jobwire/core/internal';
import createClient, { type Client } from 'openapi-fetch';
import { elmaBodyStatusPolicy } from './body-status-policy.js';
import { parseTaskCallback } from './callback.js';
import { encodeContext, taskIdNumber } from './context.js';
import {
  type DecodeContext,
  decodeFoundProcess,
  decodeProcessContext,
  decodeProcessPage,
  decodeStatusOnly,
  decodeTaskResponse,
} from './decode.js';
import { toTaskFile } from './download.js';
import { mapElmaError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { toJobStatus } from './status.js';
import type {
  CreateTaskInput,
  ElmaProcess,
  ElmaTask,
  FindProcessQuery,
  ListProcessesQuery,
  ProcessContext,
  ProcessPage,
  RegisterSystemInput,
  SystemStatus,
  TaskContext,
  TaskFile,
  TaskId,
} from './types.js';
import { VERSION } from './version.js';

/** The documentation does not give the cancel path: a guess (listed in the README's fidelity table); override it with `cancelPath`. */
export const DEFAULT_CANCEL_PATH = '/v1/orchestra/task/cancel';

/** Where the Orchestrator is and the approved system identifier (`auth_tkn`) to call it with. */
export interface ElmaRpaConnection {
  /** The Orchestrator, e.g. `http://rpa.example.com:48080`. */
  baseUrl: string;
  /** Your system's identifier (`auth_tkn`): the UUID it registered and an administrator approved. A credential. */
  authToken: string;
  /** Path of the cancel endpoint, which the documentation does not give (default `/v1/orchestra/task/cancel`). */
  cancelPath?: string;
}

/**
 * Options of `createElmaRpaClient`: the options every jobwire client takes (core's `ClientOptions`:
 * fetch, timeouts, retries, logger, limits, redirects, User-Agent); ELMA adds none. The writes
 * `retryWrites` covers are create, cancel and register; `streamIdleTimeoutMs`/`streamTimeoutMs`
 * bound `downloadTaskFile` bodies.
 */
export interface ElmaRpaClientOptions extends ClientOptions {}

export type { CallOptions } from '@jobwire/core';

/** The ELMA RPA Orchestrator client: create, read, wait for and cancel tasks, list processes, download task files. Made by `createElmaRpaClient`. */
export interface ElmaRpaClient extends JobSource<TaskId> {
  /** The vendor this talks to or came from. */
  readonly vendor: 'elma-rpa';
  /**
   * The generated openapi-fetch client, with typed errors (body `status` included), retries and
   * redaction. It sends the bodies you give it: put `auth_tkn` in them yourself.
   */
  readonly api: Client<paths>;
  /** POST /v1/orchestra/system/registration with this client's authToken as `uuid`. An administrator must then approve it. */
  registerSystem(input: RegisterSystemInput, options?: CallOptions): Promise<void>;
  /** POST /v1/orchestra/system/status: resolves when the system is approved, rejects with the server's reason otherwise. */
  getSystemStatus(options?: CallOptions): Promise<SystemStatus>;
  /** POST /v1/repository/actual: the processes this system may run. */
  listProcesses(query?: ListProcessesQuery, options?: CallOptions): Promise<ProcessPage>;
  /** POST /v1/repository/find: one version of a process by its token (version 0, the default, is the current one). */
  findProcess(token: string, query?: FindProcessQuery, options?: CallOptions): Promise<ElmaProcess>;
  /**
   * POST /v1/repository/context: the context variables of a process version (its `uuid`, not
   * the process token) — what a task's input context may set and what its output context carries.
   */
  getProcessContext(processVersionUuid: string, options?: CallOptions): Promise<ProcessContext>;
  /** POST /v1/orchestra/task/create: queues a run of a process with an input context. */
  createTask<C extends TaskContext>(input: CreateTaskInput<C>, options?: CallOptions): Promise<ElmaTask>;
  /** POST /v1/orchestra/task/status: the task, with its output context decoded. */
  getTask(taskId: TaskId, options?: CallOptions): Promise<ElmaTask>;
  /** POST to the cancel path: only a task still in the queue, and only by the system that created it. */
  cancelTask(taskId: TaskId, options?: CallOptions): Promise<ElmaTask>;
  /** Same as `cancelTask` (the `JobSource` name). */
  cancelJob(taskId: TaskId, options?: CallOptions): Promise<ElmaTask>;
  /** POST /v1/repository/task/download: a file of the task's output context, streamed. */
  downloadTaskFile(taskId: TaskId, filename: string, options?: CallOptions): Promise<TaskFile>;
  /** `parseTaskCallback` with this client's token scrubbed from its errors. */
  parseTaskCallback(body: unknown): ElmaTask;
  /** The task's normalized status. */
  getJobStatus(taskId: TaskId, options?: CallOptions): Promise<JobStatus<ElmaTask>>;
  /** Polls until the task is done and resolves with its final status, whatever it is. */
  waitForJob(taskId: TaskId, options?: WaitOptions): Promise<JobStatus<ElmaTask>>;
}

/**
 * A client for the ELMA RPA Orchestrator's external-system API.
 *
 * ```ts
 * const elma = createElmaRpaClient({ baseUrl: 'http://rpa.example.com:48080', authToken });
 * const task = await elma.createTask({ process: token, context: { Name_in: 'Ada' } });
 * const final = await elma.waitForJob(task.id);
 * ```
 */
export function createElmaRpaClient(connection: ElmaRpaConnection, options: ElmaRpaClientOptions = {}): ElmaRpaClient {
  const { authToken } = connection;
  if (typeof authToken !== 'string' || authToken === '') throw new RangeError('authToken must be a non-empty string');
  const cancelPath = connection.cancelPath ?? DEFAULT_CANCEL_PATH;
  if (!cancelPath.startsWith('/')) throw new RangeError(`cancelPath must start with "/" (got ${JSON.stringify(cancelPath)})`);
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');

  const redactor = createRedactor([authToken]);
  const transport = createHttpTransport({
    ...clientTransportOptions(options),
    vendor: 'elma-rpa',
    redactor,
    version: VERSION,
    mapError: mapElmaError,
    // ELMA's `200 OK` with `{"status": 404}` is the same typed error as a real HTTP 404 (body-status-policy.ts).
    policies: [elmaBodyStatusPolicy],
  });
  const api = createClient<paths>({ baseUrl, fetch: transport.fetch });
  // Every call is a POST; the reads among them are safe to repeat, the writes are not.
  const read = (operation: string, extra: Omit<OperationOptions, 'operation'> = {}) =>
    transport.forOperation({ operation, body: 'json', idempotent: true, ...extra });
  const write = (operation: string) => transport.forOperation({ operation, body: 'json', idempotent: false });
  const ctx = (operation: string): DecodeContext => ({ vendor: 'elma-rpa', operation, redact: redactor.text, redactor });

  /**
   * POSTs `{auth_tkn, id}` straight through the transport (no openapi-fetch, no Request built here
   * and cloned there) and decodes the task: the status read is the one every poll makes, and the
   * cancel path is configurable (it cannot go through the typed paths).
   */
  const postTask = async (url: string, operation: string, idempotent: boolean, taskId: TaskId, signal?: AbortSignal) => {
    const { body } = await transport.request(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth_tkn: authToken, id: taskIdNumber(taskId) }),
      },
      { operation, idempotent, body: 'json', jobId: String(taskId), signal },
    );
    return decodeTaskResponse(body, ctx(operation));
  };
  // Built once: the same URL string on every poll is cheaper for fetch than an equal new one (see urlCache).
  const statusUrl = `${baseUrl}/v1/orchestra/task/status`;
  const cancelUrl = `${baseUrl}${cancelPath}`;
  // Errors and log lines name the method called: `getJobStatus` and `cancelJob` (the `JobSource`
  // names) make the same requests as `getTask` and `cancelTask`, under their own names.
  const getTask = (taskId: TaskId, { signal }: CallOptions = {}, operation = 'getTask') =>
    postTask(statusUrl, operation, true, taskId, signal);
  const cancelTask = (taskId: TaskId, { signal }: CallOptions = {}, operation = 'cancelTask') =>
    postTask(cancelUrl, operation, false, taskId, signal);

  const client: ElmaRpaClient = {
    vendor: 'elma-rpa',
    api,
    async registerSystem({ name, desc }, { signal } = {}) {
      const { data } = await api.POST('/v1/orchestra/system/registration', {
        body: { uuid: authToken, name, ...(desc === undefined ? {} : { desc }) },
        fetch: write('registerSystem'),
        signal,
      });
      decodeStatusOnly(data, ctx('registerSystem'));
    },
    async getSystemStatus({ signal } = {}) {
      const { data } = await api.POST('/v1/orchestra/system/status', {
        body: { uuid: authToken },
        fetch: read('getSystemStatus'),
        signal,
      });
      return decodeStatusOnly(data, ctx('getSystemStatus'));
    },
    async listProcesses(query = {}, { signal } = {}) {
      const { data } = await api.POST('/v1/repository/actual', {
        body: {
          auth_tkn: authToken,
          ...(query.page === undefined ? {} : { page: query.page }),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
        },
        fetch: read('listProcesses'),
        signal,
      });
      return decodeProcessPage(data, ctx('listProcesses'));
    },
    async findProcess(token, query = {}, { signal } = {}) {
      if (typeof token !== 'string' || token === '') throw new RangeError('token must be a non-empty string');
      const { data } = await api.POST('/v1/repository/find', {
        body: { auth_tkn: authToken, token, version: query.version ?? 0 },
        fetch: read('findProcess'),
        signal,
      });
      return decodeFoundProcess(data, ctx('findProcess'));
    },
    async getProcessContext(processVersionUuid, { signal } = {}) {
      if (typeof processVersionUuid !== 'string' || processVersionUuid === '')
        throw new RangeError('processVersionUuid must be a non-empty string');
      const { data } = await api.POST('/v1/repository/context', {
        body: { auth_tkn: authToken, uuid: processVersionUuid },
        fetch: read('getProcessContext'),
        signal,
      });
      return decodeProcessContext(data, ctx('getProcessContext'));
    },
    async createTask(input, { signal } = {}) {
      const task = {
        process: input.process,
        version: input.version ?? 0,
        ...(input.callback === undefined ? {} : { callback: String(input.callback) }),
        ctx: encodeContext(input.context),
      };
      const { data } = await api.POST('/v1/orchestra/task/create', {
        body: { auth_tkn: authToken, task },
        fetch: write('createTask'),
        signal,
      });
      return decodeTaskResponse(data, ctx('createTask'));
    },
    getTask: (taskId, options) => getTask(taskId, options),
    cancelTask: (taskId, options) => cancelTask(taskId, options),
    cancelJob: (taskId, options) => cancelTask(taskId, options, 'cancelJob'),
    async downloadTaskFile(taskId, filename, { signal } = {}) {
      if (typeof filename !== 'string' || filename === '') throw new RangeError('filename must be a non-empty string');
      const { response } = await api.POST('/v1/repository/task/download', {
        body: { auth_tkn: authToken, taskid: taskIdNumber(taskId), filename },
        headers: { accept: 'application/octet-stream, */*' },
        fetch: read('downloadTaskFile', { body: 'stream' }),
        parseAs: 'stream',
        signal,
      });
      return toTaskFile(response, filename);
    },
    parseTaskCallback: (body) => parseTaskCallback(body, { authToken }),
    async getJobStatus(taskId, options = {}) {
      return toJobStatus(await getTask(taskId, options, 'getJobStatus'));
    },
    waitForJob(taskId, waitOptions) {
      return waitForJob(client, taskId, waitOptions, options.instrumentation) as Promise<JobStatus<ElmaTask>>;
    },
  };
  return client;
}
