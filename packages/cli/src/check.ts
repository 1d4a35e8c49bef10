import { createRequire } from 'node:module';
import { createProbeContext, ProbeSkipped, type Settings, type VendorDefinition } from '@jobwire/core/definition';
import { createSpecValidator, createWsdlValidator, type OpenApiDocument } from '@jobwire/testkit';
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
}

export interface ProbeReport {
  name: string;
  write: boolean;
  outcome: 'passed' | 'failed' | 'skipped';
  /** What the server answered, why the probe failed, or what would enable a skipped one. */
  detail: string;
  exchanges: ExchangeReport[];
}

export interface CheckReport {
  vendor: string;
  url: string;
  writes: boolean;
  /** No probe failed and no response broke the spec. */
  passed: boolean;
  probes: ProbeReport[];
}

export interface CheckOptions {
  writes: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

const cliRequire = createRequire(import.meta.url);

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/(.+\+)?json\b/i.test(contentType);
}

/**
 * Runs a vendor's conformance probes against a server (real or simulated): each probe goes through
 * the published client, and every response it gets is validated against the vendor's OpenAPI
 * document. Writes (start, cancel) run only when asked.
 */
export async function runCheck(definition: VendorDefinition, settings: Settings, options: CheckOptions): Promise<CheckReport> {
  const validator = definition.openapi ? createSpecValidator(cliRequire(definition.openapi) as OpenApiDocument) : undefined;
  const wsdl = definition.wsdl ? createWsdlValidator(await definition.wsdl(), definition.id) : undefined;
  const basePath = new URL(settings.url ?? '').pathname.replace(/\/+$/, '');
  let exchanges: ExchangeReport[] = [];
  const pending: Promise<void>[] = [];

  // SOAP: the operation is the request's Body element; the answer must be its output element (or a fault).
  const recordSoap = async (requestXml: string, response: Response) => {
    const operation = wsdl?.operationOf(requestXml);
    const report: ExchangeReport = {
      method: 'POST',
      path: operation ?? '(unknown operation)',
      status: response.status,
      problems: [],
      undocumented: [],
    };
    exchanges.push(report);
    const expected = operation && wsdl?.outputOf(operation);
    if (!wsdl || !expected) {
      report.problems.push('the request calls no operation of the WSDL');
      return;
    }
    report.problems.push(...wsdl.responseProblems(await response.text(), expected));
  };

  const record = async (method: string, url: string, response: Response) => {
    const pathname = new URL(url).pathname;
    const relative = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
    // The spec's paths follow its server URL, which may hold a path of its own (TrueSight's
    // `/{component}/rest`): drop leading segments until a template matches.
    const segments = relative.split('/').slice(1);
    const template = segments.map((_, i) => validator?.matchPath(`/${segments.slice(i).join('/')}`)).find(Boolean);
    const report: ExchangeReport = {
      method,
      path: template ?? relative,
      status: response.status,
      problems: [],
      undocumented: [],
    };
    exchanges.push(report);
    if (!validator) return;
    if (!template) {
      report.problems.push(`the spec has no path for ${relative}`);
      return;
    }
    const contentType = response.headers.get('content-type');
    if (!isJson(contentType)) {
      // Only JSON bodies have schemas to check; other answers must at least be declared.
      const mediaType = contentType?.split(';')[0]?.trim() ?? '';
      const declared = [mediaType, '*/*', 'application/octet-stream'].some((m) =>
        validator.responsePointer(method, template, response.status, m),
      );
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

  const recordingFetch: typeof fetch = async (input, init) => {
    const requestXml = wsdl ? await (input instanceof Request ? input.clone().text() : String(init?.body ?? '')) : '';
    const response = await globalThis.fetch(input, init);
    const method = (input instanceof Request ? input.method : (init?.method ?? 'GET')).toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    const recorded = wsdl ? recordSoap(requestXml, response.clone()) : record(method, url, response.clone());
    pending.push(recorded.catch(() => undefined));
    return response;
  };

  const session = connect(definition, settings, { timeoutMs: options.timeoutMs, fetch: recordingFetch });
  // Probes see the ids the user gave (job id, workflow id, process…), never the secrets.
  const context = createProbeContext(definition, settings, { writes: options.writes, signal: options.signal });
  const probes: ProbeReport[] = [];
  try {
    for (const probe of session.probes) {
      exchanges = [];
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
      }
      await Promise.all(pending.splice(0));
      if (report.outcome === 'passed' && report.exchanges.some((e) => e.problems.length > 0)) {
        report.outcome = 'failed';
        report.detail = `${report.detail}; a response breaks the spec`;
      }
    }
  } finally {
    await session.close?.();
  }
  return {
    vendor: definition.id,
    url: settings.url ?? '',
    writes: options.writes,
    passed: probes.length > 0 && probes.every((p) => p.outcome !== 'failed'),
    probes,
  };
}
