import { createNagraApubiClient, type NagraApubiClient, wsdlXml } from '@jobwire/nagra-apubi';
import { missingSettings } from '../settings.js';
import { statusProbe, waitProbe } from './probes.js';
import type { Probe, VendorAdapter } from './types.js';

const DEMO_ASSET = {
  sourceAssetUrl: 'ftp://demo@127.0.0.1/repository/demo.ts',
  destinationAsset: 'demo/',
  metadata: 'jobwire demo',
};

/** What `jobwire check nagra-apubi` asks the publishing server, in order; the write makes the id for the reads. */
function probes(client: NagraApubiClient): Probe[] {
  return [
    {
      name: 'load an asset',
      write: true,
      async run(context) {
        const { taskId } = await client.loadAsset(
          { sourceAssetUrl: context.need('sourceAssetUrl'), destinationAsset: 'jobwire-check/', metadata: 'jobwire check' },
          { signal: context.signal },
        );
        context.ids.taskId = taskId;
        return `task ${taskId}`;
      },
    },
    statusProbe('task status', 'taskId', (id, options) => client.getJobStatus(id, options)),
    waitProbe('wait for the task', 'taskId', (id, options) => client.waitForJob(id, options)),
  ];
}

export const nagraApubi: VendorAdapter<'nagra-apubi'> = {
  vendor: 'nagra-apubi',
  title: 'NAGRA APUBI',
  idHelp: 'the task id a LoadAsset or PurgeAsset call returned, e.g. task-1f2e3d4c5b6a7980',
  wsdl: wsdlXml,
  cannotCancel: 'APUBI has LoadAsset, PurgeAsset and GetTaskStatus only: a publishing task runs to SUCCESS or FAILED',
  settings: [
    { key: 'username', description: 'HTTP Basic user, if the publishing server asks for one' },
    { key: 'password', description: 'HTTP Basic password', secret: true },
    { key: 'taskId', description: 'a task to read', checkOnly: true },
    { key: 'sourceAssetUrl', description: 'an asset URL to publish (with writes)', checkOnly: true },
  ],
  connect(settings, tuning) {
    const { url: endpoint, username, password } = settings;
    if (endpoint === undefined || endpoint === '') throw missingSettings(this, ['url']);
    if ((username === undefined) !== (password === undefined)) throw missingSettings(this, ['username', 'password']);
    const client = createNagraApubiClient({ endpoint, username, password }, { timeoutMs: tuning.timeoutMs, fetch: tuning.fetch });
    return {
      getJobStatus: (id, options) => client.getJobStatus(id, options),
      waitForJob: (id, options) => client.waitForJob(id, options),
      async startDemoJob(options) {
        return (await client.loadAsset(DEMO_ASSET, options)).taskId;
      },
      probes: probes(client),
    };
  },
  simulatorSettings: (simulator) => ({ url: simulator.url, ...simulator.credentials, sourceAssetUrl: DEMO_ASSET.sourceAssetUrl }),
};
