import { createAlteryxServerClient } from '@jobwire/alteryx-server';
import { missingSettings } from '../settings.js';
import type { VendorAdapter } from './types.js';

export const alteryxServer: VendorAdapter<'alteryx-server'> = {
  vendor: 'alteryx-server',
  title: 'Alteryx Server',
  idHelp: 'the job id, e.g. 66ebd18d3d6200007e000d8c',
  settings: [
    { key: 'clientId', description: 'OAuth2 client id (Alteryx API key)' },
    { key: 'clientSecret', description: 'OAuth2 client secret (Alteryx API access secret)', secret: true },
    { key: 'accessToken', description: 'a bearer token obtained elsewhere, instead of client credentials', secret: true },
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
    const client = createAlteryxServerClient(connection, { timeoutMs: tuning.timeoutMs });
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
    };
  },
  simulatorSettings: (simulator) => ({ url: simulator.url, ...simulator.credentials }),
};
