import {
  createTrueSightClient,
  NotFoundError,
  type TrueSightClient,
  type TrueSightComponent,
  type TrueSightConnection,
} from '@jobwire/truesight-orchestration';
import { UsageError } from '../errors.js';
import { missingSettings } from '../settings.js';
import { statusProbe, waitProbe } from './probes.js';
import type { Probe, VendorAdapter } from './types.js';

const COMPONENTS: readonly TrueSightComponent[] = ['baocdp', 'baoap'];
const DEMO_PROCESS = ':Jobwire-Demo:Reports:Build';

/** What `jobwire check truesight-orchestration` asks the server, in order; the writes make ids for the reads. */
function probes(client: TrueSightClient): Probe[] {
  return [
    {
      name: 'login, and an unknown job → not found',
      async run({ signal }) {
        const error = await client.getJob('00000000-0000-0000-0000-000000000000', { signal }).catch((e: unknown) => e);
        if (!(error instanceof NotFoundError)) throw error instanceof Error ? error : new Error('an unknown job id was found');
        return `not found: ${error.message}`;
      },
    },
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

export const truesightOrchestration: VendorAdapter<'truesight-orchestration'> = {
  vendor: 'truesight-orchestration',
  title: 'BMC TrueSight Orchestration',
  idHelp: 'the job id returned by an async process execution, e.g. a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607',
  openapi: '@jobwire/truesight-orchestration/openapi.json',
  cannotCancel: 'TrueSight Orchestration documents no REST call to cancel a job (see the package README, Cancelling)',
  settings: [
    { key: 'username', description: 'TrueSight Orchestration user name' },
    { key: 'password', description: 'password of that user', secret: true },
    { key: 'authToken', description: 'an Authentication-Token obtained elsewhere, instead of user and password', secret: true },
    { key: 'component', description: 'baocdp (the CDP, default) or baoap (an activity peer)' },
    { key: 'jobId', description: 'a job to read', checkOnly: true },
    { key: 'process', description: 'a process to execute (with writes), e.g. :Module:Process', checkOnly: true },
  ],
  connect(settings, tuning) {
    const { url: baseUrl = '', username, password, authToken, component: rawComponent } = settings;
    const component = rawComponent ?? 'baocdp';
    if (!COMPONENTS.includes(component as TrueSightComponent)) {
      throw new UsageError(
        `truesight-orchestration: --component must be one of ${COMPONENTS.join(', ')} (got ${JSON.stringify(component)})`,
      );
    }
    const location = { baseUrl, component: component as TrueSightComponent };
    const connection: TrueSightConnection | undefined =
      authToken !== undefined
        ? { ...location, authToken }
        : username !== undefined && password !== undefined
          ? { ...location, username, password }
          : undefined;
    if (connection === undefined) throw missingSettings(this, ['username', 'password'], ['authToken']);
    const client = createTrueSightClient(connection, { timeoutMs: tuning.timeoutMs, fetch: tuning.fetch });
    return {
      getJobStatus: (id, options) => client.getJobStatus(id, options),
      waitForJob: (id, options) => client.waitForJob(id, options),
      async startDemoJob(options) {
        const { jobId } = await client.executeProcess(DEMO_PROCESS, { region: 'EMEA' }, { mode: 'async', ...options });
        return jobId;
      },
      probes: probes(client),
      close: () => client.logout(),
    };
  },
  simulatorSettings: (simulator) => ({ url: simulator.url, ...simulator.credentials, process: DEMO_PROCESS }),
};
