// `@jobwire/alteryx-server/definition`: what the tools (CLI, demo, benchmarks, browser and install
// checks, the contract suite) need to know about Alteryx Server. Browser-safe: the simulator (Node
// only) is imported only when `simulator()` is called.
import type { CallOptions, ClientOptions } from '@jobwire/core';
import {
  MissingSettingsError,
  type Probe,
  refusalProbe,
  type Settings,
  type StartInput,
  startOptionalText,
  startScalars,
  startText,
  statusProbe,
  type VendorDefinition,
  waitProbe,
} from '@jobwire/core/definition';
import { type AlteryxServerClient, type AlteryxServerConnection, createAlteryxServerClient } from './client.js';
import type { AppValue, EnqueueJobContract } from './types.js';

const VENDOR = 'alteryx-server';

/** What the demo runs: the simulator runs any workflow id. */
const DEMO_WORKFLOW = 'demo-workflow';

/** A client-credentials or token connection from the settings; `accessToken` wins when both are given. */
function connectionFrom(settings: Settings): AlteryxServerConnection {
  const { url, clientId, clientSecret, accessToken } = settings;
  if (!url) throw new MissingSettingsError(VENDOR, [['url']]);
  if (accessToken !== undefined) return { baseUrl: url, accessToken };
  if (clientId !== undefined && clientSecret !== undefined) return { baseUrl: url, clientId, clientSecret };
  throw new MissingSettingsError(VENDOR, [['clientId', 'clientSecret'], ['accessToken']]);
}

/**
 * `questions` of a start, `{ "Region": "EMEA" }` (question name → answer), as the `AppValue`s Alteryx
 * takes. Answers are text on the wire, so numbers and booleans are written as text; nothing else is taken.
 */
function startQuestions(input: StartInput): AppValue[] {
  return Object.entries(startScalars(input, 'questions', 'answer to question')).map(([name, value]) => ({
    name,
    value: String(value),
  }));
}

/** The body of `POST /v3/workflows/{workflowId}/jobs` from a start: only the fields it was given. */
function startContract(input: StartInput): EnqueueJobContract {
  const contract: EnqueueJobContract = {};
  const questions = startQuestions(input);
  if (questions.length > 0) contract.questions = questions;
  const priority = startOptionalText(input, 'priority');
  if (priority !== undefined) contract.priority = priority;
  const workerTag = startOptionalText(input, 'workerTag');
  if (workerTag !== undefined) contract.workerTag = workerTag;
  const credentialId = startOptionalText(input, 'credentialId');
  if (credentialId !== undefined) contract.credentialId = credentialId;
  return contract;
}

/** What `jobwire check alteryx-server` asks the server, in order; the writes make ids for the reads. */
function probes(client: AlteryxServerClient): Probe[] {
  return [
    refusalProbe('token, and an unknown job → 404', (signal) => client.getJob('000000000000000000000000', { signal })),
    {
      name: 'run a workflow',
      write: true,
      async run(context) {
        const job = await client.runWorkflow(context.need('workflowId'), {}, { signal: context.signal });
        context.ids.jobId = job.id;
        return `job ${job.id} ${job.status}`;
      },
    },
    statusProbe('job status', 'jobId', (id, options) => client.getJobStatus(id, options)),
    {
      name: 'job messages (2024.2+)',
      async run({ need, signal }) {
        return `${(await client.getJobMessages(need('jobId'), { signal })).length} messages`;
      },
    },
    {
      name: "workflow's jobs",
      async run({ need, signal }) {
        return `${(await client.listWorkflowJobs(need('workflowId'), { limit: 5 }, { signal })).length} jobs`;
      },
    },
    {
      name: 'workflow questions',
      async run({ need, signal }) {
        return `${(await client.getWorkflowQuestions(need('workflowId'), { signal })).length} questions`;
      },
    },
    waitProbe('wait for the job', 'jobId', (id, options) => client.waitForJob(id, options)),
    {
      name: 'run and cancel a second job',
      write: true,
      async run({ need, signal }) {
        const job = await client.runWorkflow(need('workflowId'), {}, { signal });
        const result = await client.cancelJob(job.id, { signal });
        return `${result.outcome}: ${result.message}`;
      },
    },
  ];
}

/** Alteryx Server (API v3), for the tools: settings, connection, job starts, probes and simulator. */
export const definition: VendorDefinition = {
  id: VENDOR,
  title: 'Alteryx Server',
  protocol: 'rest',
  idHelp: 'the job id, e.g. 66ebd18d3d6200007e000d8c',
  openapi: '@jobwire/alteryx-server/openapi.json',
  settings: [
    { key: 'clientId', description: 'OAuth2 client id (Alteryx API key)' },
    { key: 'clientSecret', description: 'OAuth2 client secret (Alteryx API access secret)', secret: true },
    { key: 'accessToken', description: 'a bearer token obtained elsewhere, instead of client credentials', secret: true },
    { key: 'jobId', description: 'a job to read', checkOnly: true },
    { key: 'workflowId', description: 'a workflow to list (and, with writes, to run)', checkOnly: true },
  ],
  capabilities: { cancel: true, browser: true },
  start: {
    what: 'a workflow',
    fields: [
      { key: 'workflowId', description: 'the workflow to run (its id, e.g. 66e1f0a23d6200007e000aa1)', required: true },
      { key: 'questions', description: 'answers to the workflow\'s questions, by name, e.g. {"Region":"EMEA"}', json: true },
      { key: 'priority', description: 'job priority: Default, Low, Medium, High or Critical' },
      { key: 'workerTag', description: 'run on workers with this tag' },
      { key: 'credentialId', description: 'the id of a stored credential to run the workflow as' },
    ],
    demo: { workflowId: DEMO_WORKFLOW },
  },
  connect(settings: Settings, options: ClientOptions = {}) {
    const client = createAlteryxServerClient(connectionFrom(settings), options);
    return {
      client,
      getJobStatus: (id: string, callOptions?: CallOptions) => client.getJobStatus(id, callOptions),
      waitForJob: (id, waitOptions) => client.waitForJob(id, waitOptions),
      async cancelJob(id: string, callOptions?: CallOptions) {
        const result = await client.cancelJob(id, callOptions);
        return `${result.outcome}: ${result.message}`;
      },
      async startJob(input: StartInput, callOptions?: CallOptions) {
        const workflowId = startText(input, 'workflowId');
        return (await client.runWorkflow(workflowId, startContract(input), callOptions)).id;
      },
      probes: probes(client),
    };
  },
  simulator: () =>
    import('./simulator.js').then(({ startAlteryxSimulator }) => ({
      start: startAlteryxSimulator,
      // The simulator runs any workflow, so checks against it can run every probe.
      settings: (simulator) => ({
        url: simulator.url,
        clientId: simulator.credentials.clientId,
        clientSecret: simulator.credentials.clientSecret,
        workflowId: 'conformance-workflow',
      }),
    })),
};

export default definition;
