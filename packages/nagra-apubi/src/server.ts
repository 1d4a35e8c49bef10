import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isRecord } from '@jobwire/core';
import { escapeXml, parseXml } from '@jobwire/core/xml';
import type { Server as SoapServer } from 'soap';
import { wsdlXml } from './generated/apubi/wsdl.js';
import type { ApubiTaskRef, ApubiTaskStatus } from './types.js';

/*
 * The server side of APUBI: the third party runs the publishing server and NAGRA's Workflow Manager
 * calls it. node-soap does the SOAP work (dispatch by body element, document/literal envelopes);
 * this module adds what WFM expects on the wire and node-soap does not do by itself: 200 only on
 * success, faults with an HTTP error status (node-soap answers 200 unless told), the
 * ExceptionWS detail, typed handlers, a body size cap, and hardened XML checking before node-soap
 * parses anything.
 */

const NS = 'wfm:APUBI/v1/schemas';
const OPERATIONS = ['LoadAsset', 'PurgeAsset', 'GetTaskStatus'] as const;
type Operation = (typeof OPERATIONS)[number];
const STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'IN_PROGRESS'] satisfies ApubiTaskStatus[];

/** What a publishing-server handler is told about the request: the operation and the HTTP headers. */
export interface ApubiRequestContext {
  /** The SOAP operation called. */
  operation: Operation;
  /** The HTTP request headers (e.g. to check credentials yourself). */
  headers: IncomingHttpHeaders;
}

/** What a publishing-server handler answers to GetTaskStatus. */
export interface GetTaskStatusReply {
  /** The task's status. */
  status: ApubiTaskStatus;
  /** Required when a LoadAsset task is SUCCESS: the URI or id where the asset was published. */
  destinationAsset?: string;
}

type Reply<T> = T | Promise<T>;

/** What a publishing server implements. Throw `ApubiFault` to answer a fault. */
export interface ApubiHandlers {
  /** Answers LoadAsset: starts publishing and returns the new task's id. */
  loadAsset(
    request: { sourceAssetUrl: string; destinationAsset: string; metadata?: string },
    context: ApubiRequestContext,
  ): Reply<ApubiTaskRef>;
  /** Answers PurgeAsset: starts removing the asset and returns the new task's id. */
  purgeAsset(request: { destinationAsset: string; metadata?: string }, context: ApubiRequestContext): Reply<ApubiTaskRef>;
  /** Answers GetTaskStatus: the task's status (and the published asset once a load succeeded). */
  getTaskStatus(request: { taskId: string }, context: ApubiRequestContext): Reply<GetTaskStatusReply>;
}

/** How `ApubiFault` answers: fault code and HTTP status. */
export interface ApubiFaultOptions {
  /** `Client` (the request is wrong: HTTP 400 by default) or `Server` (default: HTTP 500). */
  code?: 'Client' | 'Server';
  /** The HTTP status sent with the fault (default 400 for Client, 500 for Server). */
  statusCode?: number;
}

/** Thrown by a handler, becomes a SOAP fault with an `ExceptionWS` detail carrying `message`. */
export class ApubiFault extends Error {
  static {
    ApubiFault.prototype.name = 'ApubiFault';
  }
  /** `Client` (the request is wrong) or `Server`. */
  readonly code: 'Client' | 'Server';
  /** The HTTP status sent with the fault. */
  readonly statusCode: number;
  constructor(message: string, options: ApubiFaultOptions = {}) {
    super(message);
    this.code = options.code ?? 'Server';
    this.statusCode = options.statusCode ?? (this.code === 'Client' ? 400 : 500);
  }
}

/** Options of `createApubiServer`: endpoint path, authentication and the operation handlers. */
export interface ApubiServerOptions {
  /** The endpoint path (default `/apubi`); `GET {path}?wsdl` serves the WSDL. */
  path?: string;
  /** Checks each POST; false answers 401 with a fault. Use `basicAuth` for the common case. */
  authenticate?: (context: { headers: IncomingHttpHeaders }) => boolean | Promise<boolean>;
  /** Accept only these HTTP Basic credentials. */
  basicAuth?: { username: string; password: string };
  /** Larger request bodies are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Called with errors a handler threw that are not ApubiFault (the caller only sees "Internal error"). */
  onError?: (error: unknown, context: ApubiRequestContext) => void;
}

/** A publishing server made by `createApubiServer`: mount `handle` in your own server, or `listen`. */
export interface ApubiServer {
  /** The endpoint path. */
  readonly path: string;
  /** A node:http request listener, to mount in a server of your own. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Starts a node:http server (default 127.0.0.1 and a free port); resolves with the endpoint URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops the server started by `listen`, closing open connections. */
  close(): Promise<void>;
}

/** A SOAP 1.1 fault envelope in the documented shape. */
function faultEnvelope(code: 'Client' | 'Server', message: string): string {
  const text = escapeXml(message);
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    `<faultcode>soap:${code}</faultcode><faultstring>${text}</faultstring>` +
    `<detail><ns2:ExceptionWS xmlns:ns2="${NS}"><message>${text}</message></ns2:ExceptionWS></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

/** The node-soap form of a fault: thrown from a service method, answered with `statusCode`. */
function soapFault(fault: ApubiFault) {
  return {
    Fault: {
      faultcode: `soap:${fault.code}`,
      faultstring: fault.message,
      detail: { 'ns2:ExceptionWS': { attributes: { 'xmlns:ns2': NS }, message: fault.message } },
      statusCode: fault.statusCode,
    },
  };
}

function requiredText(args: Record<string, unknown>, name: string, operation: Operation): string {
  const value = args[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApubiFault(`${operation}: ${name} is required`, { code: 'Client' });
  }
  return value.trim();
}

function optionalText(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A typed APUBI publishing server on node-soap.
 *
 * ```ts
 * const server = createApubiServer({ loadAsset, purgeAsset, getTaskStatus }, { basicAuth });
 * const endpoint = await server.listen({ port: 8080, host: '0.0.0.0' });
 * ```
 */
export function createApubiServer(handlers: ApubiHandlers, options: ApubiServerOptions = {}): ApubiServer {
  const path = `/${(options.path ?? '/apubi').replace(/^\/+|\/+$/g, '')}`;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const basic = options.basicAuth
    ? `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64')}`
    : undefined;

  /** Validates the arguments, runs the handler, validates its reply, turns every failure into a fault. */
  const serve =
    (
      operation: Operation,
      run: (args: Record<string, unknown>, context: ApubiRequestContext) => Promise<Record<string, string>>,
    ) =>
    async (args: unknown, _callback: unknown, _headers: unknown, req: { headers?: IncomingHttpHeaders }) => {
      const context: ApubiRequestContext = { operation, headers: req?.headers ?? {} };
      try {
        return await run(isRecord(args) ? args : {}, context);
      } catch (error) {
        if (error instanceof ApubiFault) throw soapFault(error);
        options.onError?.(error, context);
        throw soapFault(new ApubiFault('Internal error'));
      }
    };
  const taskRef = (reply: ApubiTaskRef, operation: Operation) => {
    if (!isRecord(reply) || typeof reply.taskId !== 'string' || reply.taskId === '') {
      throw new Error(`${operation} handler returned no taskId`);
    }
    return { TaskId: reply.taskId };
  };

  const services = {
    APUBIService: {
      APUBIPort: {
        LoadAsset: serve('LoadAsset', async (args, context) => {
          const request = {
            sourceAssetUrl: requiredText(args, 'SourceAssetUrl', 'LoadAsset'),
            destinationAsset: requiredText(args, 'DestinationAsset', 'LoadAsset'),
          };
          const metadata = optionalText(args, 'MetaData');
          return taskRef(
            await handlers.loadAsset(metadata === undefined ? request : { ...request, metadata }, context),
            'LoadAsset',
          );
        }),
        PurgeAsset: serve('PurgeAsset', async (args, context) => {
          const request = { destinationAsset: requiredText(args, 'DestinationAsset', 'PurgeAsset') };
          const metadata = optionalText(args, 'MetaData');
          return taskRef(
            await handlers.purgeAsset(metadata === undefined ? request : { ...request, metadata }, context),
            'PurgeAsset',
          );
        }),
        GetTaskStatus: serve('GetTaskStatus', async (args, context): Promise<Record<string, string>> => {
          const reply = await handlers.getTaskStatus({ taskId: requiredText(args, 'TaskId', 'GetTaskStatus') }, context);
          if (!isRecord(reply) || !STATUSES.includes(reply.status as string)) {
            throw new Error(
              `GetTaskStatus handler returned an invalid status ${JSON.stringify(isRecord(reply) ? reply.status : reply)}`,
            );
          }
          return reply.destinationAsset
            ? { Status: reply.status, DestinationAsset: reply.destinationAsset }
            : { Status: reply.status };
        }),
      },
    },
  };

  // node-soap is loaded when a server is created, not when the package is imported.
  const soapServer = import('soap').then(
    ({ listen: soapListen }) =>
      new Promise<SoapServer>((resolve, reject) => {
        soapListen(null, {
          path,
          services,
          xml: wsdlXml,
          callback: (error: unknown, server: SoapServer) => (error ? reject(error) : resolve(server)),
        });
      }),
  );

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', ...headers });
    res.end(body);
  };

  const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  };

  /** Which operation a request body calls, after the hardened parse; a fault text when none. */
  const operationOf = (xml: string): Operation | string => {
    let body: unknown;
    try {
      const envelope = parseXml(xml, { vendor: 'nagra-apubi', operation: 'server', removeNamespacePrefixes: true }).Envelope;
      body = isRecord(envelope) ? envelope.Body : undefined;
    } catch (error) {
      return `Invalid XML: ${error instanceof Error ? error.message.replace(/^nagra-apubi server: /, '') : 'unreadable'}`;
    }
    if (!isRecord(body)) return 'Expected a SOAP 1.1 Envelope with a Body';
    return (
      OPERATIONS.find((op) => isRecord(body[op]) || body[op] === '') ??
      'Unknown operation: expected LoadAsset, PurgeAsset or GetTaskStatus'
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/+$/, '') !== path) {
        send(res, 404, faultEnvelope('Client', `No APUBI endpoint at ${url.pathname}`));
        return;
      }
      if (req.method === 'GET' && /^\?wsdl\b/i.test(url.search)) {
        // The served WSDL points at this endpoint, not at the placeholder address in the spec.
        const location = `http://${req.headers.host ?? 'localhost'}${path}`;
        send(res, 200, wsdlXml.replace(/(<soap:address location=")[^"]*(")/, `$1${escapeXml(location)}$2`));
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, faultEnvelope('Client', 'Use POST (or GET ?wsdl)'), { allow: 'GET, POST' });
        return;
      }
      const authorized = basic
        ? req.headers.authorization === basic
        : options.authenticate
          ? await options.authenticate({ headers: req.headers })
          : true;
      if (!authorized) {
        send(res, 401, faultEnvelope('Client', 'Unauthorized'), { 'www-authenticate': 'Basic realm="APUBI"' });
        return;
      }
      const xml = await readBody(req);
      if (xml === undefined) {
        send(res, 413, faultEnvelope('Client', `Request body larger than ${maxBody} bytes`));
        return;
      }
      const operation = operationOf(xml);
      if (!(OPERATIONS as readonly string[]).includes(operation)) {
        send(res, 400, faultEnvelope('Client', operation));
        return;
      }
      const server = await soapServer;
      const answer = await server.processRequest(xml, { url: path, method: 'POST', headers: req.headers });
      send(res, answer.statusCode, answer.body);
    } catch {
      if (!res.headersSent) send(res, 500, faultEnvelope('Server', 'Internal error'));
      else res.destroy();
    }
  };

  let httpServer: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    path,
    handle,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await soapServer;
      const server = createServer((req, res) => void handle(req, res));
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      httpServer = server;
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}${path}`;
    },
    close() {
      const server = httpServer;
      httpServer = undefined;
      if (!server) return Promise.resolve();
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
