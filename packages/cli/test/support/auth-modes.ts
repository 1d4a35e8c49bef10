// Every auth mode of every vendor, as settings for a run against that vendor's simulator: which
// settings make the mode, the credentials the simulator is started with (awkward secrets, so that
// each encoding of a secret is a different string), and how a token obtained elsewhere is got.
import { basicAuthorization } from '@jobwire/core';
import type { Settings } from '@jobwire/core/definition';
import type { Simulator } from '@jobwire/core/simulator';

/** A secret with characters every encoding changes (no `:`, which Basic's `user:password` splits on). */
export const awkwardSecret = (key: string) => `S3cr&t<"'>+/= %x-${key}`;

/** One auth mode of one vendor against its simulator. */
export interface AuthMode {
  vendor: string;
  /** What the mode is, for test titles. */
  name: string;
  /** Options the simulator starts with: the credentials it accepts. */
  simulatorOptions: Record<string, string>;
  /**
   * The run's settings: the simulator's own (`base`, url already on the proxy) reshaped into the
   * mode. May ask the simulator itself (not through the proxy) for a token, as a user who got one
   * elsewhere would.
   */
  settings(base: Settings, simulator: Simulator): Promise<Settings>;
  /** Headers the proxy adds upstream when the client sent none (a gateway that authenticates). */
  upstreamHeaders?(simulator: Simulator): Record<string, string>;
  /** The secrets the run must have met (`setting <key>`, `issued <what>`): the scan looks for more. */
  expectSecrets: string[];
  /** Why probes fail in this mode even without the proxy: its recording is checked, not its probes. */
  probesFail?: string;
}

const without = (settings: Settings, ...keys: string[]): Settings =>
  Object.fromEntries(Object.entries(settings).filter(([key]) => !keys.includes(key))) as Settings;

async function alteryxToken(simulator: Simulator): Promise<string> {
  const { clientId = '', clientSecret = '' } = simulator.credentials as Record<string, string>;
  const response = await fetch(`${simulator.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`the Alteryx simulator issued no token (${response.status})`);
  return body.access_token;
}

async function trueSightToken(simulator: Simulator): Promise<string> {
  const { username = '', password = '' } = simulator.credentials as Record<string, string>;
  const response = await fetch(`${simulator.url}/baocdp/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const token = response.headers.get('authentication-token');
  if (!response.ok || !token) throw new Error(`the TrueSight simulator issued no token (${response.status})`);
  return token;
}

/** The modes the settings of each vendor allow (each vendor's `definition.ts` settings). */
export const AUTH_MODES: readonly AuthMode[] = [
  {
    vendor: 'alteryx-server',
    name: 'client credentials (the client asks for a token)',
    expectSecrets: ['setting clientSecret', 'issued access_token', 'issued cookie'],
    simulatorOptions: { clientId: 'rec-client-id', clientSecret: awkwardSecret('clientSecret') },
    settings: async (base) => base,
  },
  {
    vendor: 'alteryx-server',
    name: 'access token obtained elsewhere',
    expectSecrets: ['setting accessToken', 'issued cookie'],
    simulatorOptions: { clientId: 'rec-client-id', clientSecret: awkwardSecret('clientSecret') },
    settings: async (base, simulator) => ({
      ...without(base, 'clientId', 'clientSecret'),
      accessToken: await alteryxToken(simulator),
    }),
  },
  {
    vendor: 'aspera-orchestrator',
    name: 'HTTP Basic',
    expectSecrets: ['setting password', 'issued cookie'],
    simulatorOptions: { username: 'rec-admin', password: awkwardSecret('password'), apiKey: awkwardSecret('apiKey') },
    settings: async (base) => base,
  },
  {
    vendor: 'aspera-orchestrator',
    name: 'query login + password',
    expectSecrets: ['setting password', 'issued cookie'],
    simulatorOptions: { username: 'rec-admin', password: awkwardSecret('password'), apiKey: awkwardSecret('apiKey') },
    settings: async (base) => ({ ...base, auth: 'query' }),
  },
  {
    vendor: 'aspera-orchestrator',
    name: 'query login + api_key',
    expectSecrets: ['setting apiKey', 'issued cookie'],
    simulatorOptions: { username: 'rec-admin', password: awkwardSecret('password'), apiKey: awkwardSecret('apiKey') },
    settings: async (base, simulator) => ({
      ...without(base, 'password'),
      auth: 'query',
      apiKey: (simulator.credentials as Record<string, string>).apiKey ?? '',
    }),
  },
  {
    vendor: 'aspera-orchestrator',
    name: 'HTTP Basic, XML on the wire',
    expectSecrets: ['setting password', 'issued cookie'],
    probesFail:
      'the Aspera spec declares no application/xml answer for several paths (the same run straight to the simulator fails so)',
    simulatorOptions: { username: 'rec-admin', password: awkwardSecret('password'), apiKey: awkwardSecret('apiKey') },
    settings: async (base) => ({ ...base, format: 'xml' }),
  },
  {
    vendor: 'truesight-orchestration',
    name: 'login with user and password (the client logs in)',
    expectSecrets: ['setting password', 'issued Authentication-Token', 'issued cookie'],
    simulatorOptions: { username: 'rec-operator', password: awkwardSecret('password') },
    settings: async (base) => base,
  },
  {
    vendor: 'truesight-orchestration',
    name: 'Authentication-Token obtained elsewhere',
    expectSecrets: ['setting authToken', 'issued cookie'],
    simulatorOptions: { username: 'rec-operator', password: awkwardSecret('password') },
    settings: async (base, simulator) => ({
      ...without(base, 'username', 'password'),
      authToken: await trueSightToken(simulator),
    }),
  },
  {
    vendor: 'elma-rpa',
    // ELMA's auth_tkn is a UUID the system generates (the spec says so): not an awkward string.
    name: 'system auth_tkn',
    expectSecrets: ['setting authToken', 'issued cookie'],
    simulatorOptions: { authToken: '3f2b9c1e-7d4a-4e8b-9a61-5c0d2e7f8a93' },
    settings: async (base) => base,
  },
  {
    vendor: 'nagra-apubi',
    name: 'HTTP Basic',
    expectSecrets: ['setting password', 'issued cookie'],
    simulatorOptions: { username: 'rec-wfm', password: awkwardSecret('password') },
    settings: async (base) => base,
  },
  {
    vendor: 'nagra-apubi',
    name: 'no credentials (a gateway in front authenticates)',
    expectSecrets: ['issued cookie'],
    simulatorOptions: { username: 'rec-wfm', password: awkwardSecret('password') },
    settings: async (base) => without(base, 'username', 'password'),
    upstreamHeaders: (simulator) => {
      const { username = '', password = '' } = simulator.credentials as Record<string, string>;
      return { authorization: basicAuthorization(username, password) };
    },
  },
];
