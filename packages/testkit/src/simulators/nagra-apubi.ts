import { isRecord } from '@jobwire/core';
import {
  type ChaosOptions,
  hexId,
  JobBook,
  type LifecycleOptions,
  type SimJob,
  type SimRequest,
  type SimResponse,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';
import { escapeXml, parseXml, type XmlElement, type XmlNode } from '@jobwire/core/xml';

/*
 * An APUBI publishing server (the side a third party implements; NAGRA's Workflow Manager calls it),
 * written with core's XML helpers only: the testkit must not depend on the SOAP client package.
 * Answers follow the documented samples: `soapenv`/`ns` prefixes, 200 on success, faults with an
 * HTTP error status and an ExceptionWS detail.
 */

export interface NagraApubiSimulatorOptions extends LifecycleOptions {
  chaos?: ChaosOptions;
  port?: number;
  username?: string;
  password?: string;
}

interface ApubiJobExtra {
  kind: 'load' | 'purge';
  /** Where a load publishes (the requested destination, a directory completed with the file name). */
  destination: string;
}

const NS = 'wfm:APUBI/v1/schemas';
const SOAP_XML = 'text/xml; charset=utf-8';
const SOURCE_SCHEMES = new Set(['ftp:', 'ftps:', 'sftp:', 'http:', 'https:', 'file:', 's3:']);

function envelope(body: string): string {
  return (
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}">` +
    `<soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

function ok(element: string, fields: Record<string, string | undefined>): SimResponse {
  const children = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<ns:${name}>${escapeXml(value)}</ns:${name}>`)
    .join('');
  return { status: 200, headers: { 'content-type': SOAP_XML }, body: envelope(`<ns:${element}>${children}</ns:${element}>`) };
}

/** A fault as documented: faultcode, faultstring, and `<detail><ns2:ExceptionWS><message>`. */
function fault(status: number, code: 'Client' | 'Server', message: string, headers: Record<string, string> = {}): SimResponse {
  const text = escapeXml(message);
  return {
    status,
    headers: { 'content-type': SOAP_XML, ...headers },
    body: envelope(
      `<soapenv:Fault><faultcode>soapenv:${code}</faultcode><faultstring>${text}</faultstring>` +
        `<detail><ns2:ExceptionWS xmlns:ns2="${NS}"><message>${text}</message></ns2:ExceptionWS></detail></soapenv:Fault>`,
    ),
  };
}

function text(node: XmlNode | undefined): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (isRecord(node) && typeof node['#text'] === 'string') return node['#text'].trim();
  return undefined;
}

/** The published location: a directory destination gets the source's file name appended. */
function destinationOf(source: URL, destination: string): string {
  if (!destination.endsWith('/')) return destination;
  const file = source.pathname.split('/').filter(Boolean).pop() ?? 'asset';
  return `${destination}${file}`;
}

/**
 * A NAGRA APUBI publishing server on 127.0.0.1, SOAP 1.1 at `/apubi`: HTTP Basic auth (the
 * interface documents none; [guess]), LoadAsset/PurgeAsset tasks that are IN_PROGRESS while queued
 * and running and then SUCCESS (with DestinationAsset for loads) or FAILED — APUBI has no cancel,
 * so the `cancelled` outcome is reported as FAILED — and the documented "Task Id does not exist" fault.
 */
export async function startNagraApubiSimulator(options: NagraApubiSimulatorOptions = {}) {
  const credentials = { username: options.username ?? 'sim-wfm', password: options.password ?? 'sim-password' };
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const random = seededRandom(options.chaos?.seed ?? 7);
  const book = new JobBook<ApubiJobExtra>(options);

  const status = (job: SimJob<ApubiJobExtra>): SimResponse => {
    const phase = book.phase(job);
    if (phase === 'queued' || phase === 'running') return ok('GetTaskStatusResponse', { Status: 'IN_PROGRESS' });
    if (phase !== 'succeeded') return ok('GetTaskStatusResponse', { Status: 'FAILED' });
    const destination = job.extra.kind === 'load' ? job.extra.destination : undefined;
    return ok('GetTaskStatusResponse', { Status: 'SUCCESS', DestinationAsset: destination });
  };

  const published = (destination: string) =>
    [...book.jobs.values()].some(
      (job) =>
        job.extra.kind === 'load' && book.phase(job) === 'succeeded' && [job.extra.destination, job.name].includes(destination),
    );

  const operations: Record<string, (request: XmlElement) => SimResponse> = {
    LoadAsset(request) {
      const source = text(request.SourceAssetUrl);
      const destination = text(request.DestinationAsset);
      if (!source) return fault(400, 'Client', 'LoadAsset: SourceAssetUrl is required');
      if (!destination) return fault(400, 'Client', 'LoadAsset: DestinationAsset is required');
      let url: URL;
      try {
        url = new URL(source);
      } catch {
        return fault(500, 'Server', 'Source asset is missing or unreachable');
      }
      if (!SOURCE_SCHEMES.has(url.protocol)) return fault(500, 'Server', 'Source asset is missing or unreachable');
      const job = book.create(`task-${hexId(random, 16)}`, destination, {
        kind: 'load',
        destination: destinationOf(url, destination),
      });
      return ok('LoadAssetResponse', { TaskId: job.id });
    },
    PurgeAsset(request) {
      const destination = text(request.DestinationAsset);
      if (!destination) return fault(400, 'Client', 'PurgeAsset: DestinationAsset is required');
      if (!published(destination))
        return fault(500, 'Server', `Destination asset cannot be deleted: ${destination} is not published`);
      const job = book.create(`task-${hexId(random, 16)}`, destination, { kind: 'purge', destination });
      return ok('PurgeAssetResponse', { TaskId: job.id });
    },
    GetTaskStatus(request) {
      const taskId = text(request.TaskId);
      if (!taskId) return fault(400, 'Client', 'GetTaskStatus: TaskId is required');
      const job = book.get(taskId);
      return job ? status(job) : fault(500, 'Server', 'Task Id does not exist');
    },
  };

  const handle = (request: SimRequest): SimResponse => {
    // The scheme name is case-insensitive (RFC 7235 §2.1): `basic` is Basic.
    const authorization = request.headers.authorization?.replace(/^basic /i, 'Basic ');
    if (authorization !== basic) {
      return fault(401, 'Client', 'Unauthorized', { 'www-authenticate': 'Basic realm="APUBI"' });
    }
    let body: XmlNode | undefined;
    try {
      const root = parseXml(request.body, { vendor: 'nagra-apubi', operation: 'simulator', removeNamespacePrefixes: true });
      body = isRecord(root.Envelope) ? root.Envelope.Body : undefined;
    } catch {
      return fault(400, 'Client', 'Invalid XML');
    }
    if (!isRecord(body)) return fault(400, 'Client', 'Expected a SOAP 1.1 Envelope with a Body');
    // Document/literal: the Body's single element names the operation (SOAPAction is not read).
    const children = Object.entries(body).filter(([name]) => !name.startsWith('@') && name !== '#text');
    const count = children.reduce((sum, [, value]) => sum + (Array.isArray(value) ? value.length : 1), 0);
    if (count !== 1) return fault(400, 'Client', `Expected exactly one operation element in the Body, got ${count}`);
    const [name, element] = children[0] as [string, XmlNode];
    const run = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!run) return fault(400, 'Client', 'Unknown operation: expected LoadAsset, PurgeAsset or GetTaskStatus');
    return run(isRecord(element) ? element : {});
  };

  const server = await startHttpServer({
    basePath: '/apubi',
    chaos: options.chaos,
    port: options.port,
    routes: [
      { method: 'POST', path: '', handler: handle },
      { method: 'POST', path: '/', handler: handle },
    ],
    notFound: (request) =>
      /^\/apubi\/?$/.test(request.url.pathname)
        ? fault(405, 'Client', `Use POST for APUBI operations (got ${request.method})`, { allow: 'POST' })
        : fault(404, 'Client', `No APUBI endpoint at ${request.url.pathname}`),
  });

  return Object.assign(server, { vendor: 'nagra-apubi' as const, credentials, jobs: book });
}
