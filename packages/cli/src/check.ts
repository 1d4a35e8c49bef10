import { createRequire } from 'node:module';
import { ConnectionError, JobwireError, type Logger, TimeoutError } from '@jobwire/core';
import { createProbeContext, ProbeSkipped, type Settings, type VendorDefinition } from '@jobwire/core/definition';
import {
  type CapturedExchange,
  createSpecValidator,
  createWsdlValidator,
  type OpenApiDocument,
  type Recording,
  replayFetch,
} from '@jobwire/testkit';
import { captureRequest, captureResponse } from './capture.js';
import { answerFiles, writeRun } from './recording.js';
import { connect } from './settings.js';

/** One response a probe got, as the spec sees it. */
export interface ExchangeReport {
  method: string;
  /** The spec's path template, or the raw path when the spec has none for it. */
  path: string;
  status: number;
  /** Where the response breaks its schema (required fields it lacks included); empty when it conforms. */
  problems: string[];
  /** Fields the server sent that the spec does not declare: what the spec lacks. */
  undocumented: string[];
  /** The client took the answer; false for the answer a probe failed on (a refused or error answer). */
  decoded: boolean;
  /** The answer's body file in the recording, when recording or replaying (and the answer had a body). */
  file?: string;
}

export interface ProbeReport {
  name: string;
  write: boolean;
  outcome: 'passed' | 'failed' | 'skipped';
  /** What the server answered, why the probe failed, or what would enable a skipped one. */
  detail: string;
  exchanges: ExchangeReport[];
}

/** Where a recording was written (`--record`) or read from (`--replay`). */
export interface RecordingReport {
  dir: string;
  /** The files in it: `index.json` and each body file. */
  files: string[];
  /** Host names, user names and ids were replaced by placeholders. */
  anonymized: boolean;
}

export interface CheckReport {
  vendor: string;
  url: string;
  writes: boolean;
  /** No probe failed and no response broke the spec. */
  passed: boolean;
  probes: ProbeReport[];
  /** The recording written or replayed, when there was one. */
  recording?: RecordingReport;
}

export interface CheckOptions {
  writes: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The client's logger (`--verbose`). */
  logger?: Logger | undefined;
  /** Record every exchange (redacted) into `dir`; `anonymize` replaces host names, user names and ids too. */
  record?: { dir: string; anonymize?: boolean | undefined } | undefined;
  /** Answer every request from this recording instead of a server (settings and writes then come from it). */
  replay?: Recording | undefined;
}

const cliRequire = createRequire(import.meta.url);

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/(.+\+)?json\b/i.test(contentType);
}

/**
 * The spec answers `status` to the operation with no body (a response without `content`, like
 * TrueSight's `200` to `POST /logout`): a bodiless answer is then what it declares.
 */
function declaresNoContent(document: OpenApiDocument, method: string, template: string, status: number): boolean {
  type Responses = Record<string, { $ref?: string; content?: unknown } | undefined>;
  const operation = (document.paths as Record<string, Record<string, { responses?: Responses }>> | undefined)?.[template]?.[
    method.toLowerCase()
  ];
  const responses = operation?.responses ?? {};
  let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  // A response given as `$ref` lives where it points (one hop, as OpenAPI writes them).
  if (typeof response?.$ref === 'string') {
    const [, , name] = response.$ref.replace(/^#\//, '').split('/');
    response = (document.components as { responses?: Responses } | undefined)?.responses?.[name ?? ''];
  }
  return response !== undefined && response.content === undefined;
}

/** A failure that came with an answer the client refused (or an error answer), not a lost connection. */
function refusedAnswer(error: unknown): boolean {
  return error instanceof JobwireError && !(error instanceof ConnectionError) && !(error instanceof TimeoutError);
}

/**
 * Runs a vendor's conformance probes against a server (real or simulated): each probe goes through
 * the published client, and every response it gets is validated against the vendor's OpenAPI
 * document. Writes (start, cancel) run only when asked. With `record`, every exchange is kept and
 * written (redacted) as a recording; with `replay`, a recording answers instead of a server.
 */
export async function runCheck(definition: VendorDefinition, settings: Settings, options: CheckOptions): Promise<CheckReport> {
  const document = definition.openapi ? (cliRequire(definition.openapi) as OpenApiDocument) : undefined;
  const validator = document ? createSpecValidator(document) : undefined;
  const wsdl = definition.wsdl ? createWsdlValidator(await definition.wsdl(), definition.id) : undefined;
  const basePath = new URL(settings.url ?? '').pathname.replace(/\/+$/, '');
  const recordedAt = new Date().toISOString();
  let exchanges: ExchangeReport[] = [];
  let probeName = '';
  const pending: Promise<void>[] = [];
  // Every exchange of the run, in order; when recording, what was captured of each and its report.
  const all: ExchangeReport[] = [];
  const captured: CapturedExchange[] = [];
  const capturedReports: ExchangeReport[] = [];
  const answered: Array<{ method: string; url: string; status: number; body: Promise<string> }> = [];

  // SOAP: the operation is the request's Body element; the answer must be its output element (or a fault).
  const checkSoap = async (report: ExchangeReport, requestXml: string, response: Response) => {
    const operation = wsdl?.operationOf(requestXml);
    report.path = operation ?? '(unknown operation)';
    const expected = operation && wsdl?.outputOf(operation);
    if (!wsdl || !expected) {
      report.problems.push('the request calls no operation of the WSDL');
      return;
    }
    report.problems.push(...wsdl.responseProblems(await response.text(), expected));
  };

  const templateOf = (url: string) => {
    const pathname = new URL(url).pathname;
    const relative = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
    // The spec's paths follow its server URL, which may hold a path of its own (TrueSight's
    // `/{component}/rest`): drop leading segments until a template matches.
    const segments = relative.split('/').slice(1);
    const template = segments.map((_, i) => validator?.matchPath(`/${segments.slice(i).join('/')}`)).find(Boolean);
    return { relative, template };
  };

  const checkRest = async (report: ExchangeReport, url: string, response: Response) => {
    if (!validator) return;
    const { relative, template } = templateOf(url);
    if (!template) {
      report.problems.push(`the spec has no path for ${relative}`);
      return;
    }
    const { method } = report;
    const contentType = response.headers.get('content-type');
    if (!isJson(contentType)) {
      // Only JSON bodies have schemas to check; other answers must at least be declared.
      const mediaType = contentType?.split(';')[0]?.trim() ?? '';
      const declared =
        [mediaType, '*/*', 'application/octet-stream'].some((m) =>
          validator.responsePointer(method, template, response.status, m),
        ) ||
        (mediaType === '' && document !== undefined && declaresNoContent(document, method, template, response.status));
      if (!declared && response.status !== 204)
        report.problems.push(`the spec declares no ${mediaType || 'bodiless'} ${response.status} answer`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      report.problems.push('the body is not valid JSON');
      return;
    }
    const check = validator.checkResponse({ method, path: template, status: response.status, body });
    report.problems.push(...check.problems);
    report.undocumented.push(...check.undocumented);
  };

  const baseFetch = options.replay ? replayFetch(options.replay) : globalThis.fetch;
  const checkingFetch: typeof fetch = async (input, init) => {
    const probe = probeName;
    // A request that cannot be read again (an unusual body) is still sent; it is only not recorded.
    const request = options.record ? captureRequest(input, init).catch(() => undefined) : undefined;
    const requestXml = wsdl ? await (input instanceof Request ? input.clone().text() : String(init?.body ?? '')) : '';
    const requestCaptured = await request;
    const response = await baseFetch(input, init);
    const method = (input instanceof Request ? input.method : (init?.method ?? 'GET')).toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    // The report's entry is made now, in the order the answers came: the recording's order.
    const { template, relative } = templateOf(url);
    const report: ExchangeReport = {
      method: wsdl ? 'POST' : method,
      path: wsdl ? '(unknown operation)' : (template ?? relative),
      status: response.status,
      problems: [],
      undocumented: [],
      decoded: true,
    };
    exchanges.push(report);
    all.push(report);
    if (requestCaptured) {
      const exchange: CapturedExchange = {
        probe,
        request: requestCaptured,
        response: { status: response.status, headers: {}, body: '' },
      };
      captured.push(exchange);
      capturedReports.push(report);
      pending.push(
        captureResponse(response)
          .then((answer) => {
            exchange.response = answer;
          })
          .catch(() => undefined), // a body that broke off: recorded as empty, as the client saw it fail
      );
    }
    if (options.replay)
      answered.push({
        method,
        url,
        status: response.status,
        body: response
          .clone()
          .text()
          .catch(() => ''),
      });
    const checked = wsdl ? checkSoap(report, requestXml, response.clone()) : checkRest(report, url, response.clone());
    pending.push(checked.catch(() => undefined));
    return response;
  };

  const session = connect(definition, settings, { timeoutMs: options.timeoutMs, logger: options.logger, fetch: checkingFetch });
  // Probes see the ids the user gave (job id, workflow id, process…), never the secrets.
  const context = createProbeContext(definition, settings, { writes: options.writes, signal: options.signal });
  const startIds = { ...context.ids };
  const probes: ProbeReport[] = [];
  try {
    for (const probe of session.probes) {
      exchanges = [];
      probeName = probe.name;
      const report: ProbeReport = { name: probe.name, write: probe.write === true, outcome: 'passed', detail: '', exchanges };
      probes.push(report);
      if (probe.write && !options.writes) {
        Object.assign(report, { outcome: 'skipped', detail: 'writes are off (--writes or JOBWIRE_LIVE_WRITES=1)' });
        continue;
      }
      try {
        report.detail = await probe.run(context);
      } catch (error) {
        report.outcome = error instanceof ProbeSkipped ? 'skipped' : 'failed';
        report.detail = error instanceof Error ? error.message : String(error);
        // The answer the client threw on is the probe's last: the one it did not decode.
        const last = report.exchanges.at(-1);
        if (last && refusedAnswer(error)) last.decoded = false;
      }
      await Promise.all(pending.splice(0));
      if (report.outcome === 'passed' && report.exchanges.some((e) => e.problems.length > 0)) {
        report.outcome = 'failed';
        report.detail = `${report.detail}; a response breaks the spec`;
      }
    }
  } finally {
    await session.close?.();
    await Promise.all(pending.splice(0));
  }
  const report: CheckReport = {
    vendor: definition.id,
    url: settings.url ?? '',
    writes: options.writes,
    passed: probes.length > 0 && probes.every((p) => p.outcome !== 'failed'),
    probes,
  };
  if (options.record) {
    report.recording = await writeRun(options.record, {
      definition,
      settings,
      startIds,
      ids: context.ids,
      productVersion: context.productVersion,
      recordedAt,
      report,
      captured,
      exchanges: capturedReports,
    });
  } else if (options.replay) {
    report.recording = await answerFiles(options.replay, answered, all);
  }
  return report;
}
