// `@jobwire/elma-rpa/definition`: what the tools (CLI, demo, benchmarks, browser and install checks,
// the contract suite) need to know about the ELMA RPA Orchestrator. Browser-safe: the simulator
// (Node only) is imported only when `simulator()` is called.
import { type CallOptions, type ClientOptions, createRedactor, type JobStatus } from '@jobwire/core';
import {
  MissingSettingsError,
  type Probe,
  ProbeSkipped,
  refusalProbe,
  type Settings,
  type StartInput,
  startObject,
  startText,
  statusProbe,
  type VendorDefinition,
  waitProbe,
} from '@jobwire/core/definition';
import { createElmaRpaClient, type ElmaRpaClient } from './client.js';
import type { TaskContext } from './types.js';

const VENDOR = 'elma-rpa';

/** The documented sample process (`process-list.response.json`), which the simulator runs: the demo starts it. */
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
    refusalProbe('an unknown task → 404 (in the body)', (signal) => client.getTask(0, { signal })),
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

/** ELMA RPA Orchestrator, for the tools: settings, connection, task starts, probes and simulator. */
export const definition: VendorDefinition = {
  id: VENDOR,
  title: 'ELMA RPA Orchestrator',
  protocol: 'rest',
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
      description: 'a process token (see listProcesses) that `check` looks up and, with writes, runs',
      checkOnly: true,
    },
    { key: 'taskId', description: 'a task to read', checkOnly: true },
  ],
  capabilities: { cancel: true, browser: true },
  start: {
    what: 'a task',
    fields: [
      { key: 'process', description: `the process to run: its token (see listProcesses), e.g. ${DEMO_PROCESS}`, required: true },
      {
        key: 'context',
        description: 'the input context: context variable name → value, e.g. {"Name_in":"Ada"}',
        json: true,
      },
    ],
    demo: { process: DEMO_PROCESS, context: { Name_in: 'jobwire demo' } },
  },
  connect(settings: Settings, options: ClientOptions = {}) {
    const { url, authToken, cancelPath } = settings;
    const missing = (['url', 'authToken'] as const).filter((key) => !settings[key]);
    if (!url || !authToken) throw new MissingSettingsError(VENDOR, [missing]);
    const client = createElmaRpaClient({ baseUrl: url, authToken, ...(cancelPath ? { cancelPath } : {}) }, options);
    // ELMA echoes the auth_tkn in every task as `system`: scrub it from what the tools print.
    const redactor = createRedactor([authToken]);
    const scrub = (status: JobStatus): JobStatus => redactor.value(status);
    return {
      client,
      getJobStatus: async (id: string, callOptions?: CallOptions) => scrub(await client.getJobStatus(id, callOptions)),
      waitForJob: async (id, waitOptions = {}) => {
        const { onProgress, onPoll } = waitOptions;
        return scrub(
          await client.waitForJob(id, {
            ...waitOptions,
            ...(onProgress ? { onProgress: (status: JobStatus) => onProgress(scrub(status)) } : {}),
            ...(onPoll ? { onPoll: (event) => onPoll({ ...event, status: event.status && scrub(event.status) }) } : {}),
          }),
        );
      },
      async cancelJob(id: string, callOptions?: CallOptions) {
        const task = await client.cancelTask(id, callOptions);
        return `cancel accepted: task ${task.id} is ${task.status}`;
      },
      async startJob(input: StartInput, callOptions?: CallOptions) {
        const process = startText(input, 'process');
        // JSON gives only what a context value may be (text, numbers, booleans, null, arrays, objects).
        const context = startObject(input, 'context') as TaskContext;
        return String((await client.createTask({ process, context }, callOptions)).id);
      },
      probes: probes(client),
    };
  },
  simulator: () =>
    import('./simulator.js').then(({ startElmaRpaSimulator }) => ({
      start: startElmaRpaSimulator,
      // The simulator runs the documented process, so checks against it can run every probe.
      settings: (simulator) => ({ url: simulator.url, authToken: simulator.credentials.authToken, process: DEMO_PROCESS }),
    })),
};

export default definition;
