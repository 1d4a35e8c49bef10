// `@jobwire/nagra-apubi/definition`: what the tools (CLI, demo, benchmarks, install checks, the
// contract suite) need to know about NAGRA APUBI. No `node:` import at the top: the simulator (the
// server kit on node:http) is imported only when `simulator()` is called.
import { type CallOptions, type ClientOptions, SoapFaultError } from '@jobwire/core';
import {
  MissingSettingsError,
  type Probe,
  refusalProbe,
  type Settings,
  type StartInput,
  startText,
  statusProbe,
  type VendorDefinition,
  waitProbe,
} from '@jobwire/core/definition';
import { createNagraApubiClient, type NagraApubiClient, type NagraApubiConnection } from './client.js';
import { wsdlXml } from './generated/apubi/wsdl.js';
import type { ApubiMetaDataInput } from './metadata.js';
import type { LoadAssetInput } from './types.js';

const VENDOR = 'nagra-apubi';

/** What the demo publishes: the simulator fetches nothing, it takes any ftp/http(s)/file/s3 URL. */
const DEMO_ASSET = {
  sourceAssetUrl: 'ftp://demo@127.0.0.1/repository/demo.ts',
  destinationAsset: 'demo/',
  metadata: 'jobwire demo',
};

/** The connection from the settings: `url`, and Basic credentials only as a pair. */
function connectionFrom(settings: Settings): NagraApubiConnection {
  const { url, username, password } = settings;
  if (!url) throw new MissingSettingsError(VENDOR, [['url']]);
  if ((username === undefined) !== (password === undefined)) {
    throw new MissingSettingsError(VENDOR, [['username', 'password']]);
  }
  return { baseUrl: url, username, password };
}

/**
 * `metadata` of a start: text as it is (the CLI gives text), or structured MetaData from a JSON
 * file (`{ "children": [...] }`, checked when written); empty MetaData when absent, which the
 * WSDL's `MetaDataType` allows (LoadAsset requires the element, not content).
 */
function startMetaData(input: StartInput): ApubiMetaDataInput {
  const value = input.metadata;
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { children?: unknown }).children)
  ) {
    return value as ApubiMetaDataInput;
  }
  throw new RangeError('the start\'s metadata must be text or structured MetaData ({ "children": [...] })');
}

/** The LoadAsset of a start. */
function startAsset(input: StartInput): LoadAssetInput {
  return {
    sourceAssetUrl: startText(input, 'sourceAssetUrl'),
    destinationAsset: startText(input, 'destinationAsset'),
    metadata: startMetaData(input),
  };
}

/** What `jobwire check nagra-apubi` asks the publishing server, in order; the write makes the id for the reads. */
function probes(client: NagraApubiClient): Probe[] {
  return [
    // The documented answer to an id the publisher does not know: reachable, authenticated, SOAP.
    refusalProbe(
      'an unknown task → the "Task Id does not exist" fault',
      (signal) => client.getTaskStatus('jobwire-check-no-such-task', { signal }),
      SoapFaultError,
    ),
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

/** NAGRA APUBI (SOAP, Node only), for the tools: settings, connection, LoadAsset starts, probes and simulator. */
export const definition: VendorDefinition = {
  id: VENDOR,
  title: 'NAGRA APUBI',
  protocol: 'soap',
  idHelp: 'the task id a LoadAsset or PurgeAsset call returned, e.g. task-1f2e3d4c5b6a7980',
  wsdl: async () => wsdlXml,
  settings: [
    { key: 'username', description: 'HTTP Basic user, if the publishing server asks for one' },
    { key: 'password', description: 'HTTP Basic password', secret: true },
    { key: 'taskId', description: 'a task to read', checkOnly: true },
    { key: 'sourceAssetUrl', description: 'an asset URL to publish (with writes)', checkOnly: true },
  ],
  capabilities: { cancel: false, browser: false },
  cannotCancel: 'APUBI has LoadAsset, PurgeAsset and GetTaskStatus only: a publishing task runs to SUCCESS or FAILED',
  start: {
    what: 'a LoadAsset',
    fields: [
      {
        key: 'sourceAssetUrl',
        description: 'where the publisher fetches the asset, e.g. ftp://user:password@CIS:21/repository/movie.ts',
        required: true,
      },
      {
        key: 'destinationAsset',
        description: 'the expected destination (URI or id); a directory ends with /',
        required: true,
      },
      { key: 'metadata', description: 'the asset\'s MetaData: text, or structured ({"children": [...]}) from a JSON file' },
    ],
    demo: DEMO_ASSET,
  },
  connect(settings: Settings, options: ClientOptions = {}) {
    const client = createNagraApubiClient(connectionFrom(settings), options);
    return {
      client,
      getJobStatus: (id: string, callOptions?: CallOptions) => client.getJobStatus(id, callOptions),
      waitForJob: (id, waitOptions) => client.waitForJob(id, waitOptions),
      async startJob(input: StartInput, callOptions?: CallOptions) {
        return (await client.loadAsset(startAsset(input), callOptions)).taskId;
      },
      probes: probes(client),
    };
  },
  simulator: () =>
    import('./simulator.js').then(({ startNagraApubiSimulator }) => ({
      start: startNagraApubiSimulator,
      // The simulator publishes from any URL of a scheme it knows, so every probe can run.
      settings: (simulator) => ({
        url: simulator.url,
        username: simulator.credentials.username,
        password: simulator.credentials.password,
        sourceAssetUrl: DEMO_ASSET.sourceAssetUrl,
      }),
    })),
};

export default definition;
