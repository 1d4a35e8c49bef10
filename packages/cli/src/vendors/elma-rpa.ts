import { createRedactor, type JobStatus } from '@jobwire/core';
import { createElmaRpaClient, type ElmaRpaClient, NotFoundError } from '@jobwire/elma-rpa';
import { missingSettings } from '../settings.js';
import { statusProbe, waitProbe } from './probes.js';
import { type Probe, ProbeSkipped, type VendorAdapter } from './types.js';

/** The simulator's (and the documentation's) process: `jobwire demo` runs it. */
const DEMO_PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';

/** What `jobwire check elma-rpa` asks the Orchestrator, in order; the writes make ids for the reads. */
function probes(client: ElmaRpaClient): Probe[] {
  return [
    {
      name: 'system approved',
      async run({ signal }) {
        return `approved (status ${(await client.getSystemStatus({ signal })).status})`;
      },
    },
    {
      name: 'an unknown task → 404 (in the body)',
      async run({ signal }) {
        const error = await client.getTask(0, { signal }).catch((e: unknown) => e);
        if (!(error instanceof NotFoundError)) throw error instanceof Error ? error : new Error('task 0 was found');
        return `404: ${error.message}`;
      },
    },
    {
      name: 'processes',
      async run({ ids, signal }) {
        const page = await client.listProcesses({ limit: 5 }, { signal });
        // The first process is what the two next probes look up when no process was set.
        const first = page.processes.find((p) => typeof p.token === 'string');
        if (first?.token) ids.listedProcess = first.token;
        return `${page.processes.length} processes${page.total === undefined ? '' : ` of ${page.total}`}`;
      },
    },
    {
      name: 'find a process (current version)',
      async run({ ids, signal }) {
        const token = ids.process ?? ids.listedProcess;
        if (token === undefined) throw new ProbeSkipped('needs process (a setting), or a listed process');
        const found = await client.findProcess(token, {}, { signal });
        if (typeof found.uuid === 'string') ids.processVersion = found.uuid;
        return `"${found.name ?? '(no name)'}" version ${found.version ?? '?'} (${found.active === false ? 'inactive' : 'active'})`;
      },
    },
    {
      name: 'process context variables',
      async run({ need, signal }) {
        const context = await client.getProcessContext(need('processVersion'), { signal });
        const names = (list: { name: string }[]) => list.map((v) => v.name).join(', ') || 'none';
        return `${context.variables.length} variables; in: ${names(context.inputs)}; out: ${names(context.outputs)}`;
      },
    },
    {
      name: 'create a task',
      write: true,
      async run(context) {
        const task = await client.createTask({ process: context.need('process'), context: {} }, { signal: context.signal });
        context.ids.taskId = String(task.id);
        return `task ${task.id} ${task.status}`;
      },
    },
    statusProbe('task status', 'taskId', (id, options) => client.getJobStatus(id, options)),
    waitProbe('wait for the task', 'taskId', (id, options) => client.waitForJob(id, options)),
    {
      name: 'create and cancel a second task',
      write: true,
      async run({ need, signal }) {
        const task = await client.createTask({ process: need('process'), context: {} }, { signal });
        const cancelled = await client.cancelTask(task.id, { signal });
        return `task ${cancelled.id} ${cancelled.status}`;
      },
    },
  ];
}

export const elmaRpa: VendorAdapter<'elma-rpa'> = {
  vendor: 'elma-rpa',
  title: 'ELMA RPA Orchestrator',
  idHelp: 'the task id, an integer, e.g. 955',
  openapi: '@jobwire/elma-rpa/openapi.json',
  settings: [
    {
      key: 'authToken',
      description: 'the system identifier (auth_tkn) your system registered and an admin approved',
      secret: true,
    },
    {
      key: 'cancelPath',
      description: 'path of the cancel endpoint, which ELMA does not document (default /v1/orchestra/task/cancel)',
    },
    {
      key: 'process',
      description: `process token that \`jobwire demo\` (and, with writes, \`check\`) runs (default ${DEMO_PROCESS})`,
    },
    { key: 'taskId', description: 'a task to read', checkOnly: true },
  ],
  connect(settings, tuning) {
    const { url: baseUrl = '', authToken, cancelPath, process } = settings;
    if (authToken === undefined || authToken === '') throw missingSettings(this, ['authToken']);
    const client = createElmaRpaClient(
      { baseUrl, authToken, ...(cancelPath === undefined ? {} : { cancelPath }) },
      { timeoutMs: tuning.timeoutMs, fetch: tuning.fetch },
    );
    // ELMA echoes the auth_tkn in every task as `system`: scrub it from what the commands print.
    const redactor = createRedactor([authToken]);
    const scrub = (status: JobStatus): JobStatus => redactor.value(status);
    return {
      getJobStatus: async (id, options) => scrub(await client.getJobStatus(id, options)),
      waitForJob: async (id, options) =>
        scrub(
          await client.waitForJob(id, {
            ...options,
            ...(options?.onProgress ? { onProgress: (status: JobStatus) => options.onProgress?.(scrub(status)) } : {}),
            ...(options?.onPoll
              ? { onPoll: (event) => options.onPoll?.({ ...event, status: event.status && scrub(event.status) }) }
              : {}),
          }),
        ),
      async cancelJob(id, options) {
        const task = await client.cancelTask(id, options);
        return `cancel accepted: task ${task.id} is ${task.status}`;
      },
      async startDemoJob(options) {
        const task = await client.createTask({ process: process ?? DEMO_PROCESS, context: { Name_in: 'jobwire demo' } }, options);
        return String(task.id);
      },
      probes: probes(client),
    };
  },
  // The simulator runs the documented process, so checks against it can run every probe.
  simulatorSettings: (simulator) => ({ url: simulator.url, ...simulator.credentials, process: DEMO_PROCESS }),
};
