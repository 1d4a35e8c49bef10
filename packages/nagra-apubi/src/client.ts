import {
  basicAuthenticator,
  type CallOptions,
  type ClientOptions,
  createRedactor,
  isRecord,
  type JobSource,
  type JobStatus,
  JobwireError,
  UnexpectedResponseError,
  type WaitOptions,
  waitForJob,
} from '@jobwire/core';
import { abortReason, clientTransportOptions, createHttpTransport } from '@jobwire/core/internal';
import type { XmlElement } from '@jobwire/xml';
import { checkEnvelope, type DecodeContext, decodeSoapEnvelope, decodeTaskId, decodeTaskStatus } from './decode.js';
import { type ApubiOperation, type EnvelopeField, requestEnvelope, soapHeaders } from './envelope.js';
import { mapApubiError } from './errors.js';
import type { ApubiClient as GeneratedApubiClient } from './generated/apubi/index.js';
import { wsdlXml } from './generated/apubi/wsdl.js';
import { writeMetaData } from './metadata.js';
import type { ApubiClient } from './soap-client.js';
import { toJobStatus } from './status.js';
import type { ApubiTaskKind, ApubiTaskRef, ApubiTaskStatusResult, LoadAssetInput, PurgeAssetInput } from './types.js';
import { VERSION } from './version.js';

/** Where the publishing server is (`baseUrl`), and the HTTP Basic credentials it asks for. */
export interface NagraApubiConnectionFields {
  /**
   * The publishing server's SOAP endpoint, e.g. `https://publisher.example.com/apubi`: every call
   * is a POST to exactly this URL. The WSDL is never fetched from it.
   */
  baseUrl?: string;
  /**
   * The old name of `baseUrl`.
   * @deprecated Use `baseUrl` (the same address, under the name every jobwire client uses).
   */
  endpoint?: string;
  /**
   * HTTP Basic credentials, when the publishing server asks for them. The interface documents no
   * authentication scheme; Basic is what jobwire's simulator and server kit use [guess].
   */
  username?: string;
  /** HTTP Basic password, with `username`. A secret: never logged. */
  password?: string;
}

/**
 * The first argument of `createNagraApubiClient`: `baseUrl` (or its deprecated name `endpoint`;
 * both given and different is an error) and the credentials.
 */
export type NagraApubiConnection = NagraApubiConnectionFields & ({ baseUrl: string } | { endpoint: string });

/**
 * Options of `createNagraApubiClient`: core's `ClientOptions`; APUBI adds none. `retry` covers
 * GetTaskStatus (never on a SOAP fault); `retryWrites` covers LoadAsset and PurgeAsset (a repeat
 * may publish twice). No APUBI answer is streamed, so the stream timeouts have no effect here.
 */
export interface NagraApubiClientOptions extends ClientOptions {}

/** Options of `getTaskStatus`. */
export interface TaskStatusOptions extends CallOptions {
  /**
   * Which operation created the task, when this client did not (it remembers its own tasks):
   * `load` makes a SUCCESS without DestinationAsset a certain interface violation, `purge` none.
   */
  kind?: ApubiTaskKind;
}

/** The APUBI client: LoadAsset, PurgeAsset, GetTaskStatus and waiting for tasks, over SOAP (Node only). Made by `createNagraApubiClient`. */
export interface NagraApubiClient extends JobSource<string> {
  /** The vendor this talks to or came from. */
  readonly vendor: 'nagra-apubi';
  /** The SOAP endpoint the client calls. */
  readonly baseUrl: string;
  /**
   * The old name of `baseUrl`.
   * @deprecated Use `baseUrl` (the same address).
   */
  readonly endpoint: string;
  /** LoadAsset: asks the publisher to publish an asset; resolves with its task id. Never retried unless `retryWrites`. */
  loadAsset(input: LoadAssetInput, options?: CallOptions): Promise<ApubiTaskRef>;
  /** PurgeAsset: asks the publisher to delete a published asset; resolves with its task id. */
  purgeAsset(input: PurgeAssetInput, options?: CallOptions): Promise<ApubiTaskRef>;
  /** GetTaskStatus, decoded and trimmed. */
  getTaskStatus(taskId: string, options?: TaskStatusOptions): Promise<ApubiTaskStatusResult>;
  /** The task's normalized status: IN_PROGRESS → running, SUCCESS → succeeded, FAILED → failed. */
  getJobStatus(taskId: string, options?: TaskStatusOptions): Promise<JobStatus<ApubiTaskStatusResult>>;
  /** Polls GetTaskStatus until the task is done and resolves with its final status, whatever it is. */
  waitForJob(taskId: string, options?: WaitOptions & { kind?: ApubiTaskKind }): Promise<JobStatus<ApubiTaskStatusResult>>;
  /**
   * The raw node-soap client (the generated wsdl-tsclient client), built from the embedded WSDL on
   * first use; needs the optional peer dependency `soap` installed (rejects saying so otherwise).
   * Its calls (`GetTaskStatusAsync({ TaskId })`) go through the same transport — timeouts, retries
   * for GetTaskStatus, typed errors and faults, hardened XML checks — and resolve with node-soap's
   * own (all-optional, untrimmed) result. Typed by this package (`ApubiClient`), not by `soap`'s
   * types, so compiling against it needs neither.
   */
  soap(): Promise<ApubiClient>;
}

/** Tasks this client created, so GetTaskStatus knows their kind. Bounded: oldest forgotten first. */
const MAX_REMEMBERED_TASKS = 1000;

/**
 * A client for the NAGRA Generic Asset Publishing interface (APUBI): the calls NAGRA's Workflow
 * Manager makes to a publishing server. SOAP 1.1, Node only: the three operations are written and
 * read directly (one XML parse per answer); node-soap is loaded only for `soap()`.
 *
 * ```ts
 * const apubi = createNagraApubiClient({ baseUrl: 'https://publisher.example.com/apubi' });
 * const { taskId } = await apubi.loadAsset({ sourceAssetUrl, destinationAsset, metadata: '' });
 * const final = await apubi.waitForJob(taskId);
 * ```
 */
export function createNagraApubiClient(
  connection: NagraApubiConnection,
  options: NagraApubiClientOptions = {},
): NagraApubiClient {
  const baseUrl = baseUrlOf(connection);
  const redactor = createRedactor([connection.password]);
  // The interface documents no authentication: Basic only when credentials are given.
  const hasCredentials = connection.username !== undefined || connection.password !== undefined;
  const transport = createHttpTransport({
    ...clientTransportOptions(options),
    vendor: 'nagra-apubi',
    // The default User-Agent, jobwire-nagra-apubi/<version>: every APUBI request (the friendly
    // calls and `client.soap()`'s) goes through this transport, so all of them carry it.
    version: VERSION,
    redactor,
    mapError: mapApubiError,
    authenticator: hasCredentials
      ? basicAuthenticator(connection.username ?? '', connection.password ?? '', redactor)
      : undefined,
  });
  let soapClient: Promise<ApubiClient> | undefined;
  const soap = () => {
    // The WSDL is the embedded text (node-soap takes `<?xml…` as the document): no file, no fetch.
    // node-soap (with the generated client over it and its HTTP adapter) is loaded on first use,
    // not when the package is imported: importing it costs more than everything else in the package.
    soapClient ??= Promise.all([import('./generated/apubi/index.js'), import('./soap-http.js')])
      .catch((error: unknown) => {
        // `soap` is an optional peer dependency: only this method needs it.
        if (isModuleNotFound(error)) {
          throw new Error('client.soap() needs the optional peer dependency `soap`: npm install soap@1.13.0', {
            cause: error,
          });
        }
        throw error;
      })
      .then(([{ createClientAsync }, { soapHttpClient }]) =>
        createClientAsync(wsdlXml, { httpClient: soapHttpClient(transport) }, baseUrl),
      )
      .then((c) => typedSoapErrors(c, redactor.text));
    soapClient.catch(() => {
      soapClient = undefined;
    });
    return soapClient;
  };
  const kinds = new Map<string, ApubiTaskKind>();
  const remember = (taskId: string, kind: ApubiTaskKind) => {
    kinds.delete(taskId);
    kinds.set(taskId, kind);
    if (kinds.size > MAX_REMEMBERED_TASKS) kinds.delete(kinds.keys().next().value as string);
  };
  const endpointProblem = fetchEndpointProblem(baseUrl);
  /**
   * One friendly call: the envelope written directly (envelope.ts), sent through the transport
   * (timeouts, abort, retries for reads, typed HTTP errors and faults), and the answer parsed once
   * by `@jobwire/xml`'s parseXml; `decode` reads the SOAP Body. node-soap is not involved. Errors and log
   * lines name the client method (`getTaskStatus`), as every jobwire client does; the envelope
   * and SOAPAction name the SOAP operation.
   */
  const call = async <T>(
    operation: ApubiOperation,
    method: string,
    fields: readonly EnvelopeField[],
    signal: AbortSignal | undefined,
    decode: (body: XmlElement, context: DecodeContext) => T,
    jobId?: string,
  ): Promise<T> => {
    if (signal?.aborted) throw abortReason(signal);
    try {
      // As when a `Request` was built here: an endpoint fetch refuses fails at once, unretried.
      if (endpointProblem) throw new TypeError(endpointProblem);
      // Straight through the transport: a string body (sent again as is on a retry), no `Request`
      // or `Response` built around it, the text handed back with its status.
      const response = await transport.request(
        { method: 'POST', url: baseUrl, headers: soapHeaders(operation), body: requestEnvelope(operation, fields) },
        { operation: method, idempotent: operation === 'GetTaskStatus', body: 'text', jobId, signal },
      );
      const text = typeof response.body === 'string' ? response.body : '';
      const context: DecodeContext = {
        vendor: 'nagra-apubi',
        operation: method,
        status: response.status,
        redact: redactor.text,
      };
      const { envelope, body } = decodeSoapEnvelope(text, context);
      const value = decode(body, context);
      checkEnvelope(text, envelope, body, context);
      return value;
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof JobwireError) throw error;
      // Anything else (an endpoint that is not a URL, a fetch that throws oddly) is still typed.
      throw new UnexpectedResponseError(
        `nagra-apubi ${method}: ${redactor.text(error instanceof Error ? error.message : String(error))}`,
        { vendor: 'nagra-apubi', operation: method },
      );
    }
  };

  /** GetTaskStatus, for `getTaskStatus` and `getJobStatus` (`method` names the one called). */
  const readTask = async (
    method: 'getTaskStatus' | 'getJobStatus',
    taskId: string,
    { signal, kind }: TaskStatusOptions = {},
  ): Promise<ApubiTaskStatusResult> => {
    requireText(taskId, 'taskId', method);
    const decoded = await call('GetTaskStatus', method, [['TaskId', taskId]], signal, decodeTaskStatus, taskId);
    const taskKind = kind ?? kinds.get(taskId);
    const result: ApubiTaskStatusResult = {
      taskId,
      ...decoded,
      missingDestinationAsset: decoded.status === 'SUCCESS' && decoded.destinationAsset === undefined && taskKind !== 'purge',
    };
    if (taskKind) result.kind = taskKind;
    return result;
  };

  const client: NagraApubiClient = {
    vendor: 'nagra-apubi',
    baseUrl,
    endpoint: baseUrl,
    async loadAsset(input, { signal } = {}) {
      requireText(input.sourceAssetUrl, 'sourceAssetUrl', 'loadAsset');
      requireText(input.destinationAsset, 'destinationAsset', 'loadAsset');
      if (input.metadata === undefined) throw new RangeError('nagra-apubi loadAsset: metadata is required (text or structured)');
      const fields: EnvelopeField[] = [
        ['SourceAssetUrl', input.sourceAssetUrl],
        ['DestinationAsset', input.destinationAsset],
        { xml: writeMetaData(input.metadata) },
      ];
      const taskId = await call('LoadAsset', 'loadAsset', fields, signal, (body, context) =>
        decodeTaskId(body, 'LoadAssetResponse', context),
      );
      remember(taskId, 'load');
      return { taskId };
    },
    async purgeAsset(input, { signal } = {}) {
      requireText(input.destinationAsset, 'destinationAsset', 'purgeAsset');
      const fields: EnvelopeField[] =
        input.metadata === undefined
          ? [['DestinationAsset', input.destinationAsset]]
          : [['DestinationAsset', input.destinationAsset], { xml: writeMetaData(input.metadata) }];
      const taskId = await call('PurgeAsset', 'purgeAsset', fields, signal, (body, context) =>
        decodeTaskId(body, 'PurgeAssetResponse', context),
      );
      remember(taskId, 'purge');
      return { taskId };
    },
    getTaskStatus: (taskId, options) => readTask('getTaskStatus', taskId, options),
    async getJobStatus(taskId, options) {
      return toJobStatus(await readTask('getJobStatus', taskId, options));
    },
    waitForJob(taskId, waitOptions = {}) {
      const { kind, ...wait } = waitOptions;
      const source: JobSource<string> = {
        vendor: 'nagra-apubi',
        getJobStatus: (id, o) => client.getJobStatus(id, { ...o, ...(kind ? { kind } : {}) }),
      };
      return waitForJob(source, taskId, wait, options.instrumentation) as Promise<JobStatus<ApubiTaskStatusResult>>;
    },
    soap,
  };
  return client;
}

/**
 * node-soap fails with its own errors (a TypeError, with the response attached) on an envelope it
 * cannot read or map to the WSDL even though parseXml accepted it: those become UnexpectedResponseError,
 * for raw `soap()` calls as for the friendly ones. Errors without a response (bad arguments) stay.
 */
function typedSoapErrors(client: GeneratedApubiClient, redact: (text: string) => string): ApubiClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !key.endsWith('Async') || typeof value !== 'function') return value;
      const operation = key.slice(0, -'Async'.length);
      return async (...args: unknown[]) => {
        let result: unknown;
        try {
          result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          // node-soap rejects with an Error, or a plain `{ Fault, response }` object for XML it cannot read.
          if (error instanceof JobwireError || !isRecord(error) || !('response' in error)) throw error;
          const fault = isRecord(error.Fault) ? `${String(error.Fault.faultstring)}: ${String(error.Fault.detail)}` : '';
          const said = error instanceof Error ? error.message : fault || 'unreadable response';
          throw new UnexpectedResponseError(`nagra-apubi ${operation}: ${redact(said)}`, {
            vendor: 'nagra-apubi',
            operation,
          });
        }
        // [result, rawResponse, soapHeader, rawRequest]; nothing at all when node-soap could not map the envelope.
        if (!Array.isArray(result)) {
          throw new UnexpectedResponseError(`nagra-apubi ${operation}: node-soap could not read the SOAP envelope`, {
            vendor: 'nagra-apubi',
            operation,
          });
        }
        return result;
      };
    },
  });
}

/** Why `fetch` would refuse the endpoint (undici's own words), or undefined. */
function fetchEndpointProblem(endpoint: string): string | undefined {
  if (!URL.canParse(endpoint)) return `Failed to parse URL from ${endpoint}`;
  const url = new URL(endpoint);
  if (url.username || url.password) return `Request cannot be constructed from a URL that includes credentials: ${endpoint}`;
  return undefined;
}

/** A programming error (empty id, missing field) is refused before anything is sent, like core's pathSegment. */
function requireText(value: unknown, name: string, method: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RangeError(`nagra-apubi ${method}: ${name} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
}

/** The address from `baseUrl` or its deprecated name `endpoint`: one of them, or both the same. */
function baseUrlOf(connection: NagraApubiConnection): string {
  const { baseUrl, endpoint } = connection as NagraApubiConnectionFields;
  if (baseUrl !== undefined && endpoint !== undefined && baseUrl !== endpoint) {
    throw new TypeError(
      'createNagraApubiClient: baseUrl and endpoint (its deprecated name) name different addresses; give baseUrl only',
    );
  }
  const url = baseUrl ?? endpoint;
  if (typeof url !== 'string') {
    throw new TypeError("createNagraApubiClient: baseUrl is required (the publishing server's SOAP endpoint)");
  }
  return url;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
