import { type AlteryxServerClient, createAlteryxServerClient, NotFoundError } from '@jobwire/alteryx-server';
import { missingSettings } from '../settings.js';
import { statusProbe, waitProbe } from './probes.js';
import type { Probe, VendorAdapter } from './types.js';

/** What `jobwire check alteryx-server` asks the server, in order; the writes make ids for the reads. */
function probes(client: AlteryxServerClient): Probe[] {
  return [
    {
      name: 'token, and an unknown job → 404',
      async run({ signal }) {
        const error = await client.getJob('000000000000000000000000', { signal }).catch((e: unknown) => e);
        if (!(error instanceof NotFoundError)) throw error instanceof Error ? error : new Error('an unknown job id was found');
        return `404: ${error.message}`;
      },
    },
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

export const alteryxServer: VendorAdapter<'alteryx-server'> = {
  vendor: 'alteryx-server',
  title: 'Alteryx Server',
  idHelp: 'the job id, e.g. 66ebd18d3d6200007e000d8c',
  openapi: '@jobwire/alteryx-server/openapi.json',
  settings: [
    { key: 'clientId', description: 'OAuth2 client id (Alteryx API key)' },
    { key: 'clientSecret', description: 'OAuth2 client secret (Alteryx API access secret)', secret: true },
    { key: 'accessToken', description: 'a bearer token obtained elsewhere, instead of client credentials', secret: true },
    { key: 'jobId', description: 'a job to read', checkOnly: true },
    { key: 'workflowId', description: 'a workflow to list (and, with writes, to run)', checkOnly: true },
  ],
  connect(settings, tuning) {
    const { url: baseUrl = '', clientId, clientSecret, accessToken } = settings;
    const connection =
      accessToken !== undefined
        ? { baseUrl, accessToken }
        : clientId !== undefined && clientSecret !== undefined
          ? { baseUrl, clientId, clientSecret }
          : undefined;
    if (connection === undefined) throw missingSettings(this, ['clientId', 'clientSecret'], ['accessToken']);
    const client = createAlteryxServerClient(connection, { timeoutMs: tuning.timeoutMs, fetch: tuning.fetch });
    return {
      getJobStatus: (id, options) => client.getJobStatus(id, options),
      waitForJob: (id, options) => client.waitForJob(id, options),
      async cancelJob(id, options) {
        const result = await client.cancelJob(id, options);
        return `${result.outcome}: ${result.message}`;
      },
      async startDemoJob(options) {
        const job = await client.runWorkflow('demo-workflow', {}, options);
        return job.id;
      },
      probes: probes(client),
    };
  },
  // The simulator runs any workflow, so checks against it can run every probe.
  simulatorSettings: (simulator) => ({ url: simulator.url, ...simulator.credentials, workflowId: 'conformance-workflow' }),
};
