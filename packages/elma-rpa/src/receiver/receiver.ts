import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRedactor, type JobStatus, type Logger, NotFoundError } from '@jobwire/core';
import { announcesTooMuch } from '@jobwire/core/node';
import { parseTaskCallback } from '../callback.js';
import type { CallOptions, ElmaRpaClient } from '../client.js';
import { toJobStatus } from '../status.js';
import type { CreateTaskInput, ElmaTask, TaskContext } from '../types.js';
import { type BodyResult, readNodeBody, readWebBody } from './body.js';
import { escapeLogField } from './escape.js';
import { createCallbackSigner } from './secret.js';

/** Options of `createElmaCallbackReceiver`. */
export interface ElmaCallbackReceiverOptions {
  /** The client that creates tasks and confirms callbacks (`getTask`): a callback is only a hint. */
  client: Pick<ElmaRpaClient, 'getTask' | 'createTask'>;
  /**
   * Your secret key for callback tokens, at least 32 bytes (`randomBytes(32)`). Every process
   * that receives callbacks for the same tasks needs the same key. Keep it out of logs.
   */
  key: string | Uint8Array;
  /** The address ELMA POSTs to, as ELMA reaches it, e.g. `https://me.example.com/elma/callback`. */
  url: string | URL;
  /** The path requests arrive at, when a proxy rewrites it (default: the path of `url`). */
  path?: string;
  /**
   * Called once a callback is confirmed: the task, as `getTask` just returned it, is done
   * (succeeded, failed or cancelled). A rejection or throw is answered with 500 and logged.
   */
  onTask(status: JobStatus<ElmaTask>): void | Promise<void>;
  /** Your system's `auth_tkn`: when given, a task of another `system` is refused, and the token is redacted from logs. */
  authToken?: string;
  /** Largest body read, in bytes (default 1 MiB: a task with its whole log). */
  maxBodyBytes?: number;
  /** Time to receive the whole body, in ms (default 10 000). */
  bodyTimeoutMs?: number;
  /** Time for the confirming `getTask`, in ms (default 30 000). */
  confirmTimeoutMs?: number;
  /** Confirmations in flight at once (default 16); more are answered 503 with `Retry-After`. */
  maxConcurrentConfirmations?: number;
  /** Receives one redacted, escaped line per refused or accepted callback. */
  logger?: Logger;
}

/** Receives ELMA's completion callbacks. Made by `createElmaCallbackReceiver`. */
export interface ElmaCallbackReceiver {
  /** The path this receiver answers; any other path is 404. */
  readonly path: string;
  /** A fresh callback URL with a new secret token: give each task its own. */
  callbackUrl(): string;
  /** `client.createTask` with `callback` set to a fresh `callbackUrl()`. */
  createTask<C extends TaskContext>(input: Omit<CreateTaskInput<C>, 'callback'>, options?: CallOptions): Promise<ElmaTask>;
  /** A `node:http` request listener. It never throws, and the promise it keeps never rejects. */
  handleNode(request: IncomingMessage, response: ServerResponse): void;
  /** A fetch-style handler (`Request` → `Response`), for servers built on web requests. Never rejects. */
  handleFetch(request: Request): Promise<Response>;
}

/** What the receiver answers, before it is written out by one of the two adapters. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** The request body may not have been read whole: close the connection instead of reusing it. */
  close?: boolean;
}

interface Arrival {
  method: string;
  url: URL | undefined;
  contentLength: string | null | undefined;
  remote?: string | undefined;
}

const NO_META = {};

/**
 * Receives ELMA RPA's completion callbacks safely: only `POST` to `path`, only with a token that
 * `callbackUrl()` made under your key (checked before a byte of the body is read), only a bounded
 * body within a time limit, and the task reported only after `getTask` confirmed it is done —
 * the callback body itself is never trusted. Every answer is empty.
 *
 * ```ts
 * const receiver = createElmaCallbackReceiver({
 *   client: elma, key: process.env.CALLBACK_KEY!, url: 'https://me.example.com/elma/callback',
 *   onTask: (status) => console.log(`task ${status.id}: ${status.state}`),
 * });
 * createElmaCallbackServer(receiver).listen(8090);
 * await receiver.createTask({ process: token, context: { Name_in: 'Ada' } });
 * ```
 */
export function createElmaCallbackReceiver(options: ElmaCallbackReceiverOptions): ElmaCallbackReceiver {
  const signer = createCallbackSigner(options.key);
  const base = new URL(String(options.url));
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new RangeError('url must be an http(s) URL');
  const path = options.path ?? base.pathname;
  if (!path.startsWith('/')) throw new RangeError('path must start with "/"');
  const limits = { maxBytes: options.maxBodyBytes ?? 1024 * 1024, timeoutMs: options.bodyTimeoutMs ?? 10_000 };
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 30_000;
  const maxConfirmations = options.maxConcurrentConfirmations ?? 16;
  const redact = createRedactor([options.authToken]).text;
  const { client, authToken, logger } = options;
  let confirming = 0;

  /** Peer text is escaped (no forged lines, no ANSI) and redacted before it reaches the logger. */
  const log = (level: 'warn' | 'debug', message: string, arrival: Arrival, meta: Record<string, unknown> = NO_META) => {
    const fields: Record<string, string> = {
      method: escapeLogField(redact(arrival.method), 16),
      path: escapeLogField(redact(arrival.url?.pathname ?? '(unparsable)')),
    };
    if (arrival.remote) fields.remote = escapeLogField(arrival.remote, 64);
    for (const [name, value] of Object.entries(meta)) fields[name] = escapeLogField(redact(String(value)));
    try {
      logger?.[level]?.(message, fields);
    } catch {
      // A logger that throws must not turn a callback into a crash.
    }
  };
  const refuse = (
    arrival: Arrival,
    status: number,
    reason: string,
    extra: Omit<Answer, 'status'> = {},
    meta: Record<string, unknown> = NO_META,
  ): Answer => {
    log('warn', 'elma-rpa callback refused', arrival, { status, reason, ...meta });
    return { status, ...extra };
  };

  async function answer(arrival: Arrival, readBody: () => Promise<BodyResult>): Promise<Answer> {
    // Everything that needs no body is checked first, and a refused body is never read.
    if (arrival.method !== 'POST') return refuse(arrival, 405, 'method', { headers: { allow: 'POST' }, close: true });
    if (arrival.url?.pathname !== path) return refuse(arrival, 404, 'path', { close: true });
    if (!signer.verify(arrival.url.searchParams.get('token'))) return refuse(arrival, 403, 'token', { close: true });
    if (announcesTooMuch(arrival.contentLength, limits.maxBytes)) return refuse(arrival, 413, 'body-too-large', { close: true });
    const body = await readBody();
    if (!body.ok) return refuse(arrival, body.status, body.reason, { close: true });

    let hint: ElmaTask;
    try {
      hint = parseTaskCallback(body.bytes, { authToken });
    } catch {
      return refuse(arrival, 400, 'body-shape');
    }
    if (authToken !== undefined && hint.system !== undefined && hint.system !== authToken) {
      return refuse(arrival, 403, 'system', {}, { taskId: hint.id });
    }
    if (confirming >= maxConfirmations) return refuse(arrival, 503, 'busy', { headers: { 'retry-after': '5' } });

    // The body is a hint: the task's state is what the Orchestrator says now.
    let task: ElmaTask;
    confirming += 1;
    try {
      task = await client.getTask(hint.id, { signal: AbortSignal.timeout(confirmTimeoutMs) });
    } catch (error) {
      if (error instanceof NotFoundError) return refuse(arrival, 404, 'task-not-found', {}, { taskId: hint.id });
      return refuse(arrival, 502, 'confirm-failed', {}, { taskId: hint.id, error: errorName(error) });
    } finally {
      confirming -= 1;
    }
    if (authToken !== undefined && task.system !== undefined && task.system !== authToken) {
      return refuse(arrival, 403, 'system', {}, { taskId: task.id });
    }
    const status = toJobStatus(task);
    if (!status.done) {
      log('debug', 'elma-rpa callback: task not done yet, not reported', arrival, { taskId: task.id, vendorStatus: task.status });
      return { status: 202 };
    }
    try {
      await options.onTask(status);
    } catch (error) {
      log('warn', 'elma-rpa callback: onTask failed', arrival, { taskId: task.id, error: errorName(error) });
      return { status: 500 };
    }
    log('debug', 'elma-rpa callback: task reported', arrival, { taskId: task.id, state: status.state });
    return { status: 204 };
  }

  return {
    path,
    callbackUrl() {
      const url = new URL(base);
      url.searchParams.set('token', signer.create());
      return url.toString();
    },
    createTask(input, callOptions) {
      return client.createTask({ ...input, callback: this.callbackUrl() }, callOptions);
    },
    handleNode(request, response) {
      // Errors a peer causes later (reset, malformed chunk) have a listener, so they cannot crash the process.
      request.on('error', ignore);
      response.on('error', ignore);
      const arrival: Arrival = {
        method: request.method ?? '',
        url: parseUrl(request.url ?? '/', 'http://callback.invalid'),
        contentLength: request.headers['content-length'],
        remote: request.socket?.remoteAddress,
      };
      answer(arrival, () => readNodeBody(request, limits))
        .catch((): Answer => ({ status: 500, close: true }))
        .then((result) => writeNode(request, response, result))
        .catch(() => request.socket?.destroy());
    },
    async handleFetch(request) {
      try {
        const arrival: Arrival = {
          method: request.method,
          url: parseUrl(request.url),
          contentLength: request.headers.get('content-length'),
        };
        const result = await answer(arrival, () => readWebBody(request, limits));
        const headers = new Headers(result.headers);
        if (result.close) headers.set('connection', 'close');
        return new Response(null, { status: result.status, headers });
      } catch {
        return new Response(null, { status: 500 });
      }
    },
  };
}

function ignore(): void {}

function parseUrl(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/** Only the error's class name is logged: a message may carry what the server or a peer wrote. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function writeNode(request: IncomingMessage, response: ServerResponse, result: Answer): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = { ...result.headers, 'content-length': '0' };
  if (result.close) headers.connection = 'close';
  response.writeHead(result.status, headers);
  response.end();
  // A body that was refused is not drained: once the answer is out, the connection goes.
  if (result.close && !request.complete) response.once('finish', () => request.socket?.destroy());
}
