// The samples served here are the files of specs/nagra-apubi/samples/ (outside this package), imported
// through ./nagra-apubi-samples.ts: the build inlines them into the testkit's dist, so the published
// testkit reads no file.
import { isRecord } from '@jobwire/core';
import { parseXml, type XmlNode } from '@jobwire/xml';
import type { RequestHandler } from 'msw';
import { HttpResponse, http } from './msw-runtime.js';
import { nagraApubiSamples } from './nagra-apubi-samples.js';

export { nagraApubiSampleFiles, nagraApubiSamples } from './nagra-apubi-samples.js';

/** Task ids that choose which documented GetTaskStatus answer a request gets. */
export const nagraApubiTaskIds = {
  /** The id of the documented request: sample 1, `IN_PROGRESS`. Also any id not listed here. */
  inProgress: 'TestAssetA',
  /** Sample 2: `SUCCESS`, without `DestinationAsset` (as documented). */
  succeeded: 'TestAssetSuccess',
  /** `SUCCESS` with `DestinationAsset` `movie_01072015100045` (FACTS fixture). */
  succeededWithDestination: 'TestAssetPublished',
  /** `FAILED` (fixture). */
  failed: 'TestAssetFailed',
  /** The documented fault, corrected (`soapenv:Server`), with HTTP 500. */
  missing: 'TestAssetMissing',
  /** The documented fault verbatim (undeclared `env:` prefix), with HTTP 500. */
  missingVerbatim: 'TestAssetMissingVerbatim',
  /** Sample 1 verbatim: not well-formed (`</ns: Status >`). */
  malformed: 'TestAssetMalformed',
  /** An HTML error page with HTTP 200, as a misconfigured proxy sends. */
  htmlPage: 'TestAssetHtml',
} as const;

/** Options of the NAGRA APUBI msw handlers. */
export interface NagraApubiHandlerOptions {
  /** The SOAP endpoint the client is given (default `http://apubi.test/apubi`). */
  endpoint?: string;
}

const SOAP_XML = { 'content-type': 'text/xml; charset=utf-8' };
const xml = (body: string, status = 200) => new HttpResponse(body, { status, headers: SOAP_XML });

/** A fault in the shape of the documented one, for requests the samples do not cover. */
function clientFault(message: string) {
  return xml(
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${message}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
    400,
  );
}

function text(node: XmlNode | undefined): string | undefined {
  if (typeof node === 'string') return node;
  if (isRecord(node) && typeof node['#text'] === 'string') return node['#text'];
  return undefined;
}

/**
 * msw handlers that answer like an APUBI publishing server, from the documented samples: the
 * operation is read from the SOAP body, GetTaskStatus answers by task id (`nagraApubiTaskIds`),
 * LoadAsset and PurgeAsset answer the FACTS fixtures. The documentation names no authentication,
 * so none is checked.
 */
export function nagraApubiHandlers(options: NagraApubiHandlerOptions = {}): RequestHandler[] {
  const endpoint = options.endpoint ?? 'http://apubi.test/apubi';
  return [
    http.post(endpoint, async ({ request }) => {
      let body: Record<string, XmlNode | undefined>;
      try {
        const envelope = parseXml(await request.text(), {
          vendor: 'nagra-apubi',
          operation: 'msw',
          removeNamespacePrefixes: true,
        }).Envelope;
        const soapBody = isRecord(envelope) ? envelope.Body : undefined;
        if (!isRecord(soapBody)) return clientFault('No SOAP Body');
        body = soapBody;
      } catch {
        return clientFault('Invalid XML');
      }
      if (isRecord(body.LoadAsset)) return xml(nagraApubiSamples.loadAssetResponse);
      if (isRecord(body.PurgeAsset)) return xml(nagraApubiSamples.purgeAssetResponse);
      const get = body.GetTaskStatus;
      if (!isRecord(get)) return clientFault('Unknown operation');
      switch (text(get.TaskId)) {
        case nagraApubiTaskIds.succeeded:
          return xml(nagraApubiSamples.success);
        case nagraApubiTaskIds.succeededWithDestination:
          return xml(nagraApubiSamples.successWithDestination);
        case nagraApubiTaskIds.failed:
          return xml(nagraApubiSamples.failed);
        case nagraApubiTaskIds.missing:
          return xml(nagraApubiSamples.fault, 500);
        case nagraApubiTaskIds.missingVerbatim:
          return xml(nagraApubiSamples.faultVerbatim, 500);
        case nagraApubiTaskIds.malformed:
          return xml(nagraApubiSamples.inProgressVerbatim);
        case nagraApubiTaskIds.htmlPage:
          return new HttpResponse('<!DOCTYPE html><html><head><title>Gateway login</title></head><body></body></html>', {
            headers: { 'content-type': 'text/html' },
          });
        default:
          return xml(nagraApubiSamples.inProgress);
      }
    }),
  ];
}
