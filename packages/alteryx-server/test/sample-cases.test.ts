/**
 * The sample-driven conformance cases, as data: one folder per case under test/samples/
 * (`<method>__<case>/`): the answer, a byte-for-byte copy of the stored sample in
 * specs/alteryx-server/samples/ that its meta.json names (with the HTTP status when not 200);
 * the call's input.json (the method's arguments); expected.json (the result, or the error's fields);
 * and request.json, the one request the client must send (method, path, query, Authorization,
 * Content-Type, body). The testkit's `runSampleCases` serves each answer on 127.0.0.1 and compares.
 * To add a case, add a folder (testkit README, "Sample cases as data").
 *
 * The client uses a static access token, so each call is one request; the OAuth2 token exchange
 * is checked in conformance.test.ts.
 */
import { readFileSync } from 'node:fs';
import { runSampleCases } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import {
  type AlteryxServerClient,
  createAlteryxServerClient,
  type EnqueueJobContract,
  type ListWorkflowJobsQuery,
} from '../src/index.js';

const cases = new URL('./samples/', import.meta.url);
const samples = new URL('../../../specs/alteryx-server/samples/', import.meta.url);

/** The client methods a case folder may name, each called with input.json as its arguments. */
const operations: Record<string, (client: AlteryxServerClient, args: unknown[]) => Promise<unknown>> = {
  getJob: (client, [jobId, options]) => client.getJob(jobId as string, options as { includeMessages?: boolean }),
  getJobStatus: (client, [jobId]) => client.getJobStatus(jobId as string),
  getJobMessages: (client, [jobId]) => client.getJobMessages(jobId as string),
  cancelJob: (client, [jobId]) => client.cancelJob(jobId as string),
  runWorkflow: (client, [workflowId, contract]) => client.runWorkflow(workflowId as string, contract as EnqueueJobContract),
  listWorkflowJobs: (client, [workflowId, query]) =>
    client.listWorkflowJobs(workflowId as string, query as ListWorkflowJobsQuery),
  getWorkflowQuestions: (client, [workflowId, options]) =>
    client.getWorkflowQuestions(workflowId as string, options as { versionId?: string }),
};

await runSampleCases(cases, {
  title: 'Alteryx Server sample cases (stored samples served on 127.0.0.1)',
  samples,
  // Reads retry as by default, only without waiting: the one request each case allows then also
  // proves that a 400 was not repeated.
  client: (url) =>
    createAlteryxServerClient(
      { baseUrl: `${url}/webapi`, accessToken: 'fake-static-token' },
      { retry: { baseDelayMs: 1, maxDelayMs: 1 } },
    ),
  call: (client, operation, input) => {
    const run = operations[operation];
    if (!run) throw new RangeError(`no client method ${operation} (a case folder is <method>__<case>)`);
    return run(client, input as unknown[]);
  },
});

describe('the request samples', () => {
  it('run-workflow.request.json is the body the runWorkflow case sends, and its input', () => {
    const documented: unknown = JSON.parse(readFileSync(new URL('run-workflow.request.json', samples), 'utf8'));
    const folder = new URL('runWorkflow__with-contract/', cases);
    const request = JSON.parse(readFileSync(new URL('request.json', folder), 'utf8')) as { body: unknown };
    const input = JSON.parse(readFileSync(new URL('input.json', folder), 'utf8')) as unknown[];
    expect(request.body).toEqual(documented);
    expect(input[1]).toEqual(documented);
  });
});
