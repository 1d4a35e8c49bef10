// `@jobwire/truesight-orchestration/definition`: what the tools (CLI, demo, benchmarks, browser and
// install checks, the contract suite) need to know about BMC TrueSight Orchestration. Browser-safe:
// the simulator (Node only) is imported only when `simulator()` is called.
import type { CallOptions, ClientOptions } from '@jobwire/core';
import {
  MissingSettingsError,
  type Probe,
  refusalProbe,
  type Settings,
  type StartInput,
  startScalars,
  startText,
  statusProbe,
  type VendorDefinition,
  waitProbe,
} from '@jobwire/core/definition';
import {
  createTrueSightOrchestrationClient,
  type TrueSightOrchestrationClient,
  type TrueSightOrchestrationConnection,
} from './client.js';
import type { InputParameter, ProcessInputs, TrueSightComponent } from './types.js';

const VENDOR = 'truesight-orchestration';
const COMPONENTS: readonly string[] = ['baocdp', 'baoap'] satisfies TrueSightComponent[];

/** A process the simulator runs (any name does); what the demo, the benchmarks and the checks start. */
const DEMO_PROCESS = ':Jobwire-Demo:Reports:Build';

/** The connection from the settings: user and password (the client logs in), or a token obtained elsewhere. */
function connectionFrom(settings: Settings): TrueSightOrchestrationConnection {
  const { url, username, password, authToken, component = 'baocdp' } = settings;
  if (!url) throw new MissingSettingsError(VENDOR, [['url']]);
  if (!COMPONENTS.includes(component)) {
    throw new RangeError(`${VENDOR}: component must be one of ${COMPONENTS.join(', ')} (got ${JSON.stringify(component)})`);
  }
  const location = { baseUrl: url, component: component as TrueSightComponent };
  if (authToken !== undefined) return { ...location, authToken };
  if (username !== undefined && password !== undefined) return { ...location, username, password };
  throw new MissingSettingsError(VENDOR, [['username', 'password'], ['authToken']]);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * `inputs` of a start: a name → value map (`{"region":"EMEA"}`), or the REST body's own list of
 * `{name, value, type?}` (for `type: "xml"` values), as JSON or JSON text. Values travel as text.
 */
function startInputs(input: StartInput): ProcessInputs {
  let value = input.inputs;
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new RangeError("the start's inputs must be a JSON object or list, got text that is not JSON");
    }
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index): InputParameter => {
      const { name, value: text, type } = (item ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || !isScalar(text) || (type !== undefined && typeof type !== 'string')) {
        throw new RangeError(`the start's inputs[${index}] must be {name, value, type?} with a text name and a scalar value`);
      }
      return type === undefined ? { name, value: String(text) } : { name, value: String(text), type };
    });
  }
  return startScalars({ inputs: value }, 'inputs', 'input');
}

/** What `jobwire check truesight-orchestration` asks the server, in order; the writes make ids for the reads. */
function probes(client: TrueSightOrchestrationClient): Probe[] {
  return [
    refusalProbe('login, and an unknown job → not found', (signal) =>
      client.getJob('00000000-0000-0000-0000-000000000000', { signal }),
    ),
    {
      name: 'execute a process (async)',
      write: true,
      async run(context) {
        const { jobId } = await client.executeProcess(context.need('process'), {}, { mode: 'async', signal: context.signal });
        context.ids.jobId = jobId;
        return `job ${jobId}`;
      },
    },
    statusProbe('job status', 'jobId', (id, options) => client.getJobStatus(id, options)),
    waitProbe('wait for the job', 'jobId', (id, options) => client.waitForJob(id, options)),
  ];
}

/** BMC TrueSight Orchestration, for the tools: settings, connection, job starts, probes and simulator. */
export const definition: VendorDefinition = {
  id: VENDOR,
  title: 'BMC TrueSight Orchestration',
  protocol: 'rest',
  idHelp: 'the job id returned by an async process execution, e.g. a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607',
  openapi: '@jobwire/truesight-orchestration/openapi.json',
  settings: [
    { key: 'username', description: 'TrueSight Orchestration user name' },
    { key: 'password', description: 'password of that user', secret: true },
    { key: 'authToken', description: 'an Authentication-Token obtained elsewhere, instead of user and password', secret: true },
    { key: 'component', description: 'baocdp (the CDP, default) or baoap (an activity peer)' },
    { key: 'jobId', description: 'a job to read', checkOnly: true },
    { key: 'process', description: 'a process to execute (with writes), e.g. :Module:Process', checkOnly: true },
  ],
  capabilities: { cancel: false, browser: true },
  cannotCancel: 'TrueSight Orchestration documents no REST call to cancel a job (see the package README, Cancelling)',
  start: {
    what: 'a process',
    // Always async: a start resolves with the job's id, and a sync execution has none (it returns the outputs).
    fields: [
      { key: 'process', description: 'the process to execute, fully qualified, e.g. :Module:Category:Process', required: true },
      {
        key: 'inputs',
        description:
          'the process inputs, e.g. {"region":"EMEA"}, or a list of {"name","value","type"} (type "xml" for XML values)',
        json: true,
      },
    ],
    demo: { process: DEMO_PROCESS, inputs: { region: 'EMEA' } },
  },
  connect(settings: Settings, options: ClientOptions = {}) {
    const connection = connectionFrom(settings);
    const client = createTrueSightOrchestrationClient(connection, options);
    return {
      client,
      getJobStatus: (id: string, callOptions?: CallOptions) => client.getJobStatus(id, callOptions),
      waitForJob: (id, waitOptions) => client.waitForJob(id, waitOptions),
      async startJob(input: StartInput, callOptions?: CallOptions) {
        const process = startText(input, 'process');
        return (await client.executeProcess(process, startInputs(input), { ...callOptions, mode: 'async' })).jobId;
      },
      probes: probes(client),
      // A session that logged in ends its login; a token given from elsewhere is its owner's to end
      // (logging it out broke the next command that was given the same token).
      ...('authToken' in connection ? {} : { close: () => client.logout() }),
    };
  },
  simulator: () =>
    import('./simulator.js').then(({ startTrueSightSimulator }) => ({
      start: startTrueSightSimulator,
      // The simulator's user (the client logs in); any process runs there, the demo's too.
      settings: (simulator) => ({
        url: simulator.url,
        username: simulator.credentials.username,
        password: simulator.credentials.password,
        process: DEMO_PROCESS,
      }),
    })),
};

export default definition;
