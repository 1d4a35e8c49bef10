import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { createRedactor, type Logger } from '@jobwire/core';
import { announcesTooMuch, readRequestBody } from '@jobwire/core/node';
import { APUBI_NAMESPACE, type ApubiOperation, SOAP_ACTIONS, SOAP_ENVELOPE_NAMESPACE } from './envelope.js';
import type { ApubiMetaData, ApubiMetaDataNode } from './metadata.js';
import { basicAuthChecker } from './server/auth.js';
import { CharsetError, decodeBody } from './server/charset.js';
import { type FaultCode, faultEnvelope, isXmlText, responseEnvelope } from './server/soap.js';
import { checkedAddress, validHost, wsdlCache } from './server/wsdl.js';
import { readXml, type XmlReadElement, XmlReadError, type XmlReadLimits } from './server/xml-reader.js';
import type { ApubiTaskRef, ApubiTaskStatus } from './types.js';

/*
 * The server side of APUBI: the third party runs the publishing server and NAGRA's Workflow Manager
 * calls it. Everything on the request path is the package's own code (no node-soap): the body is
 * read with bounded size and time, decoded in its declared charset, read by a bounded,
 * namespace-aware reader (src/server/xml-reader.ts) and dispatched by the Body's single operation
 * element, as document/literal says; SOAPAction is informational. Answers are SOAP 1.1: 200 with
 * the response element, or a fault (`soap:Client` / `soap:Server`, faultstring, ExceptionWS detail)
 * with an HTTP error status. Nothing internal (messages, stacks, paths) ever reaches a caller.
 */

const OPERATIONS: readonly ApubiOperation[] = ['LoadAsset', 'PurgeAsset', 'GetTaskStatus'];
const STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'IN_PROGRESS'] satisfies ApubiTaskStatus[];
const SOAP12_ENVELOPE_NAMESPACE = 'http://www.w3.org/2003/05/soap-envelope';

/** What a handler is told about the request: the operation, the HTTP headers and the peer. */
export interface ApubiRequestContext {
  /** The SOAP operation called. */
  operation: ApubiOperation;
  /** The HTTP request headers, as received. */
  headers: IncomingHttpHeaders;
  /** The peer's IP address. */
  remoteAddress: string | undefined;
  /** The TLS client certificate, when served over TLS and the peer presented one. */
  peerCertificate: PeerCertificate | undefined;
}

/** What `authenticate` sees of a request: headers, peer address and TLS client certificate. */
export interface ApubiAuthContext {
  /** The HTTP request headers, as received. */
  headers: IncomingHttpHeaders;
  /** The peer's IP address. */
  remoteAddress: string | undefined;
  /** The TLS client certificate, when served over TLS and the peer presented one. */
  peerCertificate: PeerCertificate | undefined;
  /** True when the TLS client certificate verified against the server's `ca` (false over plain HTTP). */
  tlsAuthorized: boolean;
}

/** What `onError` is told about the request that failed: redacted headers, never credentials. */
export interface ApubiErrorContext {
  /** The operation, when the request got that far. */
  operation: ApubiOperation | undefined;
  /** The request headers with `Authorization`, `Cookie` and other secrets replaced by `***`. */
  headers: Record<string, string>;
  /** The peer's IP address. */
  remoteAddress: string | undefined;
}

/** What a publishing-server handler answers to GetTaskStatus. */
export interface GetTaskStatusReply {
  /** The task's status. */
  status: ApubiTaskStatus;
  /** Required when a LoadAsset task is SUCCESS: the URI or id where the asset was published. */
  destinationAsset?: string;
}

type Reply<T> = T | Promise<T>;

/** LoadAsset as a handler receives it: every value exactly as the caller sent it. */
export interface LoadAssetRequest {
  /** Where to fetch the asset from. */
  sourceAssetUrl: string;
  /** The expected destination (URI or id). */
  destinationAsset: string;
  /** The MetaData content in document order (`metaDataText(metadata)` for its text); absent when not sent. */
  metadata?: ApubiMetaData;
}

/** PurgeAsset as a handler receives it: every value exactly as the caller sent it. */
export interface PurgeAssetRequest {
  /** The destination URI or id of the asset to remove. */
  destinationAsset: string;
  /** The MetaData content in document order; absent when not sent. */
  metadata?: ApubiMetaData;
}

/**
 * What a publishing server implements; throw `ApubiFault` to answer a fault. A publisher may
 * offer only some operations: one left out is answered with a `soap:Server` fault
 * "<Operation> is not implemented by this publishing server" (HTTP 500), and the served WSDL
 * still lists all three.
 */
export interface ApubiHandlers {
  /** Answers LoadAsset: starts publishing and returns the new task's id. */
  loadAsset?(request: LoadAssetRequest, context: ApubiRequestContext): Reply<ApubiTaskRef>;
  /** Answers PurgeAsset: starts removing the asset and returns the new task's id. */
  purgeAsset?(request: PurgeAssetRequest, context: ApubiRequestContext): Reply<ApubiTaskRef>;
  /** Answers GetTaskStatus: the task's status (and the published asset once a load succeeded). */
  getTaskStatus?(request: { taskId: string }, context: ApubiRequestContext): Reply<GetTaskStatusReply>;
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

/** Bounds on reading one request's XML (each breached bound is a `soap:Client` fault). */
export type ApubiParseLimits = XmlReadLimits;

/**
 * Options of `createApubiServer`. Exactly one of `authenticate`, `basicAuth` or
 * `allowAnonymous: true` is required: the kit does not answer anonymous callers by accident.
 */
export interface ApubiServerOptions {
  /** The endpoint path (default `/apubi`); `GET {path}?wsdl` serves the WSDL. */
  path?: string;
  /** Decides for each request; false answers 401 with a fault. A throw is a 500 (reported to `onError`). */
  authenticate?: (context: ApubiAuthContext) => boolean | Promise<boolean>;
  /** Accept only these HTTP Basic credentials (scheme case-insensitive, compared in constant time). */
  basicAuth?: { username: string; password: string };
  /** Serve anyone (only behind something else that authenticates, or on a closed network). */
  allowAnonymous?: boolean;
  /** `GET ?wsdl`: served to anyone (`public`, default), only after authentication, or not at all (`off`: 404). */
  wsdl?: 'public' | 'authenticated' | 'off';
  /**
   * The endpoint URL written into the served WSDL's `soap:address`. Default: the request's Host
   * header when it is a plain `host[:port]` (else the listening address), with `https` when
   * served over TLS. Set it when the kit is behind a proxy or a load balancer.
   */
  wsdlAddress?: string;
  /** Larger request bodies are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** The whole body must arrive within this time, else 408 (default 10 s). */
  bodyTimeoutMs?: number;
  /** `listen()` only: the request line and headers must arrive within this time (default 10 s). */
  headersTimeoutMs?: number;
  /**
   * Bounds on the request's XML (defaults: depth 32, 10,000 elements — comments and CDATA sections
   * count as elements —, 10,000 attributes, text up to the body limit).
   */
  parseLimits?: Partial<ApubiParseLimits>;
  /** Debug lines (e.g. a SOAPAction that names another operation than the body) and warnings, redacted. */
  logger?: Logger;
  /** Called with every unexpected error (a handler's, `authenticate`'s); the caller only sees "Internal error". */
  onError?: (error: unknown, context: ApubiErrorContext) => void;
}

/** Options of `ApubiServer.listen`. */
export interface ApubiListenOptions {
  /** Port (default 0: a free one). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /**
   * Serve HTTPS with these node:https options (`key`, `cert`, …). For client certificates
   * (mTLS) add `ca` and `requestCert: true`; with `rejectUnauthorized: true` (Node's default once
   * `requestCert` is set) peers without a valid certificate never get past the handshake.
   */
  tls?: HttpsServerOptions;
}

/** A publishing server made by `createApubiServer`: mount `handle` in your own server, or `listen`. */
export interface ApubiServer {
  /** The endpoint path. */
  readonly path: string;
  /** A node:http request listener, to mount in a server of your own; it never rejects. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Starts a node:http(s) server (default 127.0.0.1 and a free port); resolves with the endpoint URL. */
  listen(options?: ApubiListenOptions): Promise<string>;
  /** Stops the server started by `listen`, closing open connections. */
  close(): Promise<void>;
}

/** A request the kit refuses or a fault it answers: HTTP status, fault code, message. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: FaultCode,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const clientFault = (message: string, status = 400) => new Refusal(status, 'Client', message);

/** Bodies larger than this are read one per event-loop turn (an APUBI request is a few kB). */
const LARGE_BODY_BYTES = 64 * 1024;

const DEFAULT_LIMITS = { maxDepth: 32, maxElements: 10_000, maxAttributes: 10_000 } as const;

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`createApubiServer: ${name} must be a positive number`);
  return value;
}

/** Element children of `element` that are not white space; text beside them is refused. */
function elementsOnly(element: XmlReadElement, what: string): readonly XmlReadElement[] {
  if (/[^ \t\n]/.test(element.text)) throw clientFault(`Expected elements only in ${what}, got text`);
  return element.children;
}

function isNil(element: XmlReadElement): boolean {
  for (const [name, value] of element.attributes) {
    if (!name.endsWith(':nil') && name !== 'nil') continue;
    if (value.trim() === 'true' || value.trim() === '1') return true;
  }
  return false;
}

/** The SOAP 1.1 Body's single operation element. */
function operationElement(root: XmlReadElement): XmlReadElement {
  if (root.local !== 'Envelope' || root.namespace !== SOAP_ENVELOPE_NAMESPACE) {
    if (root.local === 'Envelope' && root.namespace === SOAP12_ENVELOPE_NAMESPACE) {
      throw new Refusal(500, 'VersionMismatch', 'SOAP 1.2 is not supported: send a SOAP 1.1 envelope');
    }
    throw clientFault('Expected a SOAP 1.1 Envelope');
  }
  const bodies = elementsOnly(root, 'the Envelope').filter(
    (child) => child.local === 'Body' && child.namespace === SOAP_ENVELOPE_NAMESPACE,
  );
  if (bodies.length !== 1) throw clientFault('Expected a SOAP 1.1 Envelope with one Body');
  const operations = elementsOnly(bodies[0] as XmlReadElement, 'the Body');
  if (operations.length !== 1) {
    throw clientFault(`Expected exactly one operation element in the Body, got ${operations.length}`);
  }
  return operations[0] as XmlReadElement;
}

function operationOf(element: XmlReadElement): ApubiOperation {
  const operation = OPERATIONS.find((name) => name === element.local);
  if (operation === undefined || (element.namespace !== APUBI_NAMESPACE && element.namespace !== '')) {
    throw clientFault('Unknown operation: expected LoadAsset, PurgeAsset or GetTaskStatus');
  }
  return operation;
}

/** The operation's fields by local name (each at most once); nil fields are left out. */
function fieldsOf(element: XmlReadElement, operation: ApubiOperation): Map<string, XmlReadElement> {
  const fields = new Map<string, XmlReadElement>();
  for (const child of elementsOnly(element, operation)) {
    if (fields.has(child.local)) throw clientFault(`${operation}: ${child.local} given more than once`);
    fields.set(child.local, child);
  }
  for (const [name, field] of fields) if (isNil(field)) fields.delete(name);
  return fields;
}

/** A text field, exactly as sent; required ones must hold more than white space. */
function textField(fields: Map<string, XmlReadElement>, name: string, operation: ApubiOperation): string {
  const field = fields.get(name);
  if (field !== undefined && field.children.length > 0) throw clientFault(`${operation}: ${name} must be text`);
  const value = field?.text ?? '';
  if (value.trim() === '') throw clientFault(`${operation}: ${name} is required`);
  return value;
}

/** Attributes as a record without a prototype: a peer's attribute names never meet Object.prototype. */
function attributeRecord(attributes: ReadonlyMap<string, string>): Readonly<Record<string, string>> | undefined {
  if (attributes.size === 0) return undefined;
  const record: Record<string, string> = Object.create(null);
  for (const [name, value] of attributes) record[name] = value;
  return record;
}

function metaDataNodes(element: XmlReadElement): ApubiMetaDataNode[] {
  return element.content.map((node) => {
    if (typeof node === 'string') return node;
    const children = metaDataNodes(node);
    const attributes = attributeRecord(node.attributes);
    return {
      name: node.qname,
      ...(attributes ? { attributes } : {}),
      ...(children.length > 0 ? { children } : {}),
    };
  });
}

/** The MetaData field in document order (structured, exactly as sent), or undefined. */
function metaDataField(fields: Map<string, XmlReadElement>): ApubiMetaData | undefined {
  const field = fields.get('MetaData');
  if (field === undefined) return undefined;
  const attributes = attributeRecord(field.attributes);
  const children = metaDataNodes(field);
  return attributes ? { attributes, children } : { children };
}

/** Checks what a handler answered; anything outside the interface is an internal error, not sent. */
function replyText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`);
  if (!isXmlText(value)) throw new Error(`${what} holds characters XML cannot carry`);
  return value;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A typed APUBI publishing server (SOAP 1.1, document/literal), with no SOAP library.
 *
 * ```ts
 * const server = createApubiServer({ loadAsset, purgeAsset, getTaskStatus }, { basicAuth: { username, password } });
 * const endpoint = await server.listen({ port: 8443, host: '0.0.0.0', tls: { key, cert } });
 * ```
 */
export function createApubiServer(handlers: ApubiHandlers, options: ApubiServerOptions): ApubiServer {
  const choices = [options?.authenticate !== undefined, options?.basicAuth !== undefined, options?.allowAnonymous === true];
  if (choices.filter(Boolean).length !== 1) {
    throw new TypeError(
      'createApubiServer: choose exactly one of `authenticate`, `basicAuth` or `allowAnonymous: true` (see "Securing the server")',
    );
  }
  if (!OPERATIONS.some((operation) => typeof handlers?.[handlerName(operation)] === 'function')) {
    throw new TypeError('createApubiServer: give at least one of loadAsset, purgeAsset, getTaskStatus');
  }
  const path = `/${(options.path ?? '/apubi').replace(/^\/+|\/+$/g, '')}`;
  const maxBody = positive(options.maxBodyBytes, 1024 * 1024, 'maxBodyBytes');
  const bodyTimeoutMs = positive(options.bodyTimeoutMs, 10_000, 'bodyTimeoutMs');
  const headersTimeoutMs = positive(options.headersTimeoutMs, 10_000, 'headersTimeoutMs');
  const limits: XmlReadLimits = {
    maxDepth: positive(options.parseLimits?.maxDepth, DEFAULT_LIMITS.maxDepth, 'parseLimits.maxDepth'),
    maxElements: positive(options.parseLimits?.maxElements, DEFAULT_LIMITS.maxElements, 'parseLimits.maxElements'),
    maxAttributes: positive(options.parseLimits?.maxAttributes, DEFAULT_LIMITS.maxAttributes, 'parseLimits.maxAttributes'),
    maxTextLength: positive(options.parseLimits?.maxTextLength, maxBody, 'parseLimits.maxTextLength'),
  };
  const wsdlMode = options.wsdl ?? 'public';
  const configuredAddress = options.wsdlAddress === undefined ? undefined : checkedAddress(options.wsdlAddress);
  const servedWsdl = wsdlCache();
  const basic = options.basicAuth ? basicAuthChecker(options.basicAuth.username, options.basicAuth.password) : undefined;
  const redactor = createRedactor([options.basicAuth?.password]);
  const logger = options.logger;
  let listening: { url: URL; tls: boolean } | undefined;

  const peerOf = (request: IncomingMessage) => {
    const socket = request.socket as Partial<TLSSocket> | undefined;
    const certificate = socket?.encrypted ? socket.getPeerCertificate?.() : undefined;
    return {
      remoteAddress: request.socket?.remoteAddress,
      peerCertificate: certificate && Object.keys(certificate).length > 0 ? certificate : undefined,
      tlsAuthorized: socket?.encrypted === true && socket.authorized === true,
    };
  };

  const redactedHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
    const plain: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const text = headerText(value);
      if (text !== undefined) plain[name] = text;
    }
    return redactor.headers(plain);
  };

  /** An unexpected error: to onError (the error itself) and the logger (redacted); never to the caller. */
  const report = (error: unknown, request: IncomingMessage | undefined, operation: ApubiOperation | undefined) => {
    const context: ApubiErrorContext = {
      operation,
      headers: redactedHeaders(request?.headers ?? {}),
      remoteAddress: request?.socket?.remoteAddress,
    };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // Quoted as JSON: an error message that echoes a peer's text cannot forge log lines.
    logger?.warn?.(
      `nagra-apubi server: ${operation ?? 'request'} failed: ${JSON.stringify(redactor.text(message).slice(0, 1000))}`,
      {
        operation,
        remoteAddress: context.remoteAddress,
      },
    );
    try {
      options.onError?.(error, context);
    } catch {
      // An onError that throws must not turn into an unhandled rejection.
    }
  };

  const send = (
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
    closeAfter = false,
  ) => {
    if (response.headersSent) return;
    response.writeHead(status, {
      'content-type': 'text/xml; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...(closeAfter ? { connection: 'close' } : {}),
      ...headers,
    });
    response.end(body);
    // A body left unread (too large, too slow) is not drained: the connection goes once answered.
    if (closeAfter) response.once('finish', () => request.socket?.destroy());
  };

  const refuse = (request: IncomingMessage, response: ServerResponse, refusal: Refusal, closeAfter = false) =>
    send(request, response, refusal.status, faultEnvelope(refusal.code, refusal.message), refusal.headers, closeAfter);

  const isAuthorized = async (request: IncomingMessage): Promise<boolean> => {
    if (basic) return basic(request.headers.authorization);
    if (options.authenticate) return (await options.authenticate({ headers: request.headers, ...peerOf(request) })) === true;
    return options.allowAnonymous === true;
  };

  const unauthorized = new Refusal(
    401,
    'Client',
    'Unauthorized',
    basic ? { 'www-authenticate': 'Basic realm="APUBI", charset="UTF-8"' } : {},
  );

  const wsdlAddressFor = (request: IncomingMessage): string => {
    if (configuredAddress) return configuredAddress;
    const tls = (request.socket as Partial<TLSSocket> | undefined)?.encrypted === true;
    const host = validHost(headerText(request.headers.host));
    if (host) return `${tls ? 'https' : 'http'}://${host}${path}`;
    return listening ? listening.url.href : `${tls ? 'https' : 'http'}://localhost${path}`;
  };

  /** Runs the operation's handler and writes its answer (or its fault). */
  const dispatch = async (
    operation: ApubiOperation,
    fields: Map<string, XmlReadElement>,
    context: ApubiRequestContext,
  ): Promise<string> => {
    switch (operation) {
      case 'LoadAsset': {
        const run = handlers.loadAsset as NonNullable<ApubiHandlers['loadAsset']>;
        const metadata = metaDataField(fields);
        const request: LoadAssetRequest = {
          sourceAssetUrl: textField(fields, 'SourceAssetUrl', operation),
          destinationAsset: textField(fields, 'DestinationAsset', operation),
          ...(metadata ? { metadata } : {}),
        };
        const reply = await run.call(handlers, request, context);
        return responseEnvelope('LoadAssetResponse', [['TaskId', replyText(reply?.taskId, 'LoadAsset: taskId')]]);
      }
      case 'PurgeAsset': {
        const run = handlers.purgeAsset as NonNullable<ApubiHandlers['purgeAsset']>;
        const metadata = metaDataField(fields);
        const request: PurgeAssetRequest = {
          destinationAsset: textField(fields, 'DestinationAsset', operation),
          ...(metadata ? { metadata } : {}),
        };
        const reply = await run.call(handlers, request, context);
        return responseEnvelope('PurgeAssetResponse', [['TaskId', replyText(reply?.taskId, 'PurgeAsset: taskId')]]);
      }
      case 'GetTaskStatus': {
        const run = handlers.getTaskStatus as NonNullable<ApubiHandlers['getTaskStatus']>;
        const reply = await run.call(handlers, { taskId: textField(fields, 'TaskId', operation) }, context);
        const status = reply?.status;
        if (typeof status !== 'string' || !STATUSES.includes(status)) {
          throw new Error('GetTaskStatus: the handler returned a status outside SUCCESS, FAILED, IN_PROGRESS');
        }
        const destination = reply.destinationAsset;
        return responseEnvelope(
          'GetTaskStatusResponse',
          destination === undefined || destination === ''
            ? [['Status', status]]
            : [
                ['Status', status],
                ['DestinationAsset', replyText(destination, 'GetTaskStatus: destinationAsset')],
              ],
        );
      }
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let operation: ApubiOperation | undefined;
    response.on('error', () => {});
    try {
      const target = request.url ?? '/';
      const query = target.indexOf('?');
      const pathname = (query === -1 ? target : target.slice(0, query)).replace(/\/+$/, '') || '/';
      const search = query === -1 ? '' : target.slice(query + 1);
      if (pathname !== path) return refuse(request, response, clientFault('No APUBI endpoint at this path', 404), true);

      if ((request.method === 'GET' || request.method === 'HEAD') && /^wsdl(?:[=&]|$)/i.test(search)) {
        if (wsdlMode === 'off') return refuse(request, response, clientFault('No WSDL is served here', 404), true);
        if (wsdlMode === 'authenticated' && !(await isAuthorized(request))) {
          return refuse(request, response, unauthorized, true);
        }
        const wsdl = servedWsdl(wsdlAddressFor(request));
        if (request.method === 'HEAD') {
          response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(wsdl.length) });
          response.end();
          return;
        }
        return send(request, response, 200, wsdl);
      }
      if (request.method !== 'POST') {
        return refuse(request, response, new Refusal(405, 'Client', 'Use POST (or GET ?wsdl)', { allow: 'GET, POST' }), true);
      }
      if (!(await isAuthorized(request))) return refuse(request, response, unauthorized, true);

      if (announcesTooMuch(request.headers['content-length'], maxBody)) {
        return refuse(request, response, clientFault(`Request body larger than ${maxBody} bytes`, 413), true);
      }
      const body = await readRequestBody(request, { maxBytes: maxBody, timeoutMs: bodyTimeoutMs });
      if (body.kind !== 'complete') {
        // An aborted body has nobody left to answer.
        if (body.kind === 'aborted') return;
        const refusal =
          body.kind === 'too-large'
            ? clientFault(`Request body larger than ${maxBody} bytes`, 413)
            : clientFault(`Request body not received within ${bodyTimeoutMs} ms`, 408);
        return refuse(request, response, refusal, true);
      }

      // Large bodies take turns, one per event-loop iteration, after the I/O that arrived
      // meanwhile: a peer sending large bodies back to back delays a small request by one parse
      // at most, not by all of its queued bodies.
      if (body.body.length > LARGE_BODY_BYTES) await largeBodyTurn();
      let root: XmlReadElement;
      try {
        root = readXml(decodeBody(body.body, headerText(request.headers['content-type'])), limits).root;
      } catch (error) {
        if (error instanceof CharsetError) return refuse(request, response, clientFault(error.message, 415));
        if (error instanceof XmlReadError) return refuse(request, response, clientFault(`Invalid XML: ${error.message}`));
        throw error;
      }
      const element = operationElement(root);
      operation = operationOf(element);
      const fields = fieldsOf(element, operation);

      const action = headerText(request.headers.soapaction);
      if (action !== undefined && action.replace(/^"|"$/g, '') !== SOAP_ACTIONS[operation] && action !== '""' && action !== '') {
        logger?.debug?.(
          `nagra-apubi server: SOAPAction ${JSON.stringify(action.slice(0, 200))} differs from the body's operation ${operation}; served by the body`,
          { operation },
        );
      }
      if (typeof handlers[handlerName(operation)] !== 'function') {
        return refuse(request, response, new Refusal(500, 'Server', `${operation} is not implemented by this publishing server`));
      }
      const { remoteAddress, peerCertificate } = peerOf(request);
      const context: ApubiRequestContext = { operation, headers: request.headers, remoteAddress, peerCertificate };
      let answer: string;
      try {
        answer = await dispatch(operation, fields, context);
      } catch (error) {
        if (error instanceof ApubiFault) {
          return refuse(request, response, new Refusal(error.statusCode, error.code, error.message));
        }
        throw error;
      }
      send(request, response, 200, answer);
    } catch (error) {
      if (error instanceof Refusal) return refuse(request, response, error);
      report(error, request, operation);
      if (response.headersSent) response.destroy();
      else refuse(request, response, new Refusal(500, 'Server', 'Internal error'));
    }
  };

  let turns: Promise<void> = Promise.resolve();
  const largeBodyTurn = (): Promise<void> => {
    turns = turns.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    return turns;
  };

  let httpServer: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    path,
    handle,
    async listen({ port = 0, host = '127.0.0.1', tls }: ApubiListenOptions = {}) {
      if (httpServer) throw new Error('createApubiServer: already listening; close() first');
      const timeouts = {
        headersTimeout: headersTimeoutMs,
        // Node's limit for the whole request; the kit's own body timer is the tighter one.
        requestTimeout: headersTimeoutMs + bodyTimeoutMs,
        // How often Node checks the two above (its default, 30 s, would let a slow peer stay that long).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 2))),
      };
      const listener = (request: IncomingMessage, response: ServerResponse) => void handle(request, response);
      const server = tls
        ? createHttpsServer({ handshakeTimeout: headersTimeoutMs, ...timeouts, ...tls }, listener)
        : createServer(timeouts, listener);
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      // A malformed request or a failed TLS handshake: answered or dropped by Node, never fatal.
      server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
        if (socket.writable && !socket.destroyed) {
          const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
          socket.end(
            `HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
          );
        }
        socket.destroy();
      });
      server.on('tlsClientError', () => {});
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      // Errors after start (e.g. EMFILE on accept) are not fatal either.
      server.on('error', (error) => report(error, undefined, undefined));
      httpServer = server;
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = new URL(`${tls ? 'https' : 'http'}://${shownHost}:${address.port}${path}`);
      listening = { url, tls: tls !== undefined };
      return url.href;
    },
    close() {
      const server = httpServer;
      httpServer = undefined;
      listening = undefined;
      if (!server) return Promise.resolve();
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function handlerName(operation: ApubiOperation): keyof ApubiHandlers {
  return operation === 'LoadAsset' ? 'loadAsset' : operation === 'PurgeAsset' ? 'purgeAsset' : 'getTaskStatus';
}
