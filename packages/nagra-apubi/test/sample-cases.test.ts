/**
 * The sample-driven conformance cases, as data: one folder per case under test/samples/
 * (`<method>__<case>/`): the answer, a byte-for-byte copy of the stored sample in
 * specs/nagra-apubi/samples/ that its meta.json names; the call's input.json (the method's
 * arguments); expected.json (the result, or the error's fields); and, for cases about what goes on
 * the wire, the SOAP request the client must send (request.json: method, path, Content-Type,
 * SOAPAction; request.xml: the envelope). The testkit's `runSampleCases` serves each answer on
 * 127.0.0.1 and compares. To add a case, add a folder (testkit README, "Sample cases as data").
 */
import { readFileSync } from 'node:fs';
import { isRecord } from '@jobwire/core';
import { runSampleCases } from '@jobwire/testkit';
import { parseXml, type XmlElement } from '@jobwire/xml';
import { describe, expect, it } from 'vitest';
import {
  createNagraApubiClient,
  type LoadAssetInput,
  type NagraApubiClient,
  type PurgeAssetInput,
  type TaskStatusOptions,
} from '../src/index.js';

const cases = new URL('./samples/', import.meta.url);
const samples = new URL('../../../specs/nagra-apubi/samples/', import.meta.url);

/** The client methods a case folder may name, each called with input.json as its arguments. */
const operations: Record<string, (client: NagraApubiClient, args: unknown[]) => Promise<unknown>> = {
  getTaskStatus: (client, [taskId, options]) => client.getTaskStatus(taskId as string, options as TaskStatusOptions),
  getJobStatus: (client, [taskId, options]) => client.getJobStatus(taskId as string, options as TaskStatusOptions),
  loadAsset: (client, [input]) => client.loadAsset(input as LoadAssetInput),
  purgeAsset: (client, [input]) => client.purgeAsset(input as PurgeAssetInput),
};

await runSampleCases(cases, {
  title: 'NAGRA APUBI sample cases (stored samples served on 127.0.0.1)',
  samples,
  // Reads retry as by default, only without waiting: a case with a request file then also proves
  // its one request was not repeated (a SOAP fault is the server's answer, not a transient failure).
  client: (url) => createNagraApubiClient({ baseUrl: `${url}/apubi` }, { retry: { baseDelayMs: 1, maxDelayMs: 1 } }),
  call: (client, operation, input) => {
    const run = operations[operation];
    if (!run) throw new RangeError(`no client method ${operation} (a case folder is <method>__<case>)`);
    return run(client, input as unknown[]);
  },
});

/** The operation element of a SOAP request, text exactly as sent (white space kept), prefixes dropped. */
function operationElement(xml: string, operation: string): Record<string, unknown> {
  const envelope = parseXml(xml, {
    vendor: 'nagra-apubi',
    operation: 'test',
    removeNamespacePrefixes: true,
    preserveWhitespace: true,
  }).Envelope;
  const body = isRecord(envelope) ? envelope.Body : undefined;
  const element = isRecord(body) ? (body as XmlElement)[operation] : undefined;
  if (!isRecord(element)) throw new Error(`no ${operation} element`);
  // Its fields only: namespace declarations and the indentation between fields differ between the
  // documents and the client; the fields' own text is compared exactly.
  return Object.fromEntries(Object.entries(element).filter(([key]) => !key.startsWith('@') && key !== '#text'));
}

describe('the requests of the sample cases are the documented ones', () => {
  // The client's envelope (request.xml) differs from the documents only in form (XML declaration,
  // namespace declarations, escapes): the operation's fields, read back, are the documented ones.
  it.each([
    ['get-task-status.request.xml', 'getTaskStatus__in-progress', 'GetTaskStatus'],
    ['load-asset.request.xml', 'loadAsset__documented-request', 'LoadAsset'],
    ['purge-asset.request.xml', 'purgeAsset__documented-request', 'PurgeAsset'],
    ['purge-asset.request.file.verbatim.xml', 'purgeAsset__documented-file', 'PurgeAsset'],
    ['purge-asset.request.directory.verbatim.xml', 'purgeAsset__documented-directory', 'PurgeAsset'],
  ])('%s: the fields of case %s', (sample, folder, operation) => {
    const documented = operationElement(readFileSync(new URL(sample, samples), 'utf8'), operation);
    const sent = operationElement(readFileSync(new URL(`${folder}/request.xml`, cases), 'utf8'), operation);
    expect(sent).toEqual(documented);
    expect(Object.keys(sent).length).toBeGreaterThan(0);
  });
});
