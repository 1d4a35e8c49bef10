// Benchmark case for @jobwire/nagra-apubi (SOAP 1.1 over node-soap, Node only). The call measured is
// getTaskStatus; the hand-written baseline POSTs the same GetTaskStatus envelope with fetch and reads
// the Status with fast-xml-parser (one parser, created once), as a user without the client would.
// The task id travels in the SOAP body, so the waiters find it there.
import { resolveFrom } from '../lib/common.mjs';

const USER = 'bench-wfm';
const PASSWORD = 'bench-password';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const TASK_ID = /<(?:\w+:)?TaskId>([^<]*)<\/(?:\w+:)?TaskId>/;

// The envelope node-soap sends for GetTaskStatus({ TaskId }), byte for byte (the benchmark checks it).
const envelope = (taskId) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"  xmlns:tns="wfm:APUBI/v1/schemas"><soap:Body><GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>${taskId}</TaskId></GetTaskStatus></soap:Body></soap:Envelope>`;

/** @type {import('./index.mjs').BenchCase} */
export default {
  vendor: 'nagra-apubi',
  pkg: 'nagra-apubi',
  protocol: 'soap',
  factory: 'createNagraApubiClient',

  overhead: {
    basePath: '/apubi',
    jobId: 'TestAssetA',
    // The documented SUCCESS answer (a load task's would also carry DestinationAsset).
    sample: 'specs/nagra-apubi/samples/get-task-status.success.xml',
    contentType: 'text/xml; charset=utf-8',
    createClient: (mod, endpoint, fetch) =>
      mod.createNagraApubiClient({ baseUrl: endpoint, username: USER, password: PASSWORD }, fetch ? { fetch } : {}),
    call: (client, taskId) => client.getTaskStatus(taskId),
    // fetch + fast-xml-parser: POST the envelope, parse, throw on a Fault, return the trimmed Status.
    handCall: async (endpoint, fetchImpl) => {
      const { XMLParser } = await import(resolveFrom('packages/xml', 'fast-xml-parser'));
      const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
      const init = {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '"wfm:APUBI/v1/GetTaskStatus"',
          authorization: BASIC,
        },
        body: envelope('TestAssetA'),
      };
      return async () => {
        const res = await fetchImpl(endpoint, init);
        const text = await res.text();
        const body = parser.parse(text)?.Envelope?.Body;
        if (!res.ok || body?.Fault) throw new Error(`GetTaskStatus: HTTP ${res.status} ${body?.Fault?.faultstring ?? ''}`);
        const answer = body?.GetTaskStatusResponse;
        return { status: answer?.Status, destinationAsset: answer?.DestinationAsset };
      };
    },
  },

  // Node bundle, reported only (issue 11: "report the APUBI package's Node bundle size too").
  size: {
    connection: { baseUrl: 'https://publisher.example.com/apubi', username: 'u', password: 'p' },
  },

  // Many waiters (bench/waiters.mjs): the simulator and the client come from the vendor's definition;
  // only how a request names its job is told here.
  waiters: {
    jobIdOf: async (request, index) => {
      const m = TASK_ID.exec(await request.clone().text());
      return m && /GetTaskStatus"?$/.test(request.headers.get('soapaction') ?? '') ? index.get(m[1]) : undefined;
    },
  },
};
