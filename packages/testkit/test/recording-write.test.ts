import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretForms } from '@jobwire/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedExchange, RecordingIndex } from '../src/recording/format.js';
import { type RecordingProvenance, writeRecording } from '../src/recording/write.js';

// Secrets with the characters every encoding treats differently: & < > " ' \ and spaces.
const CLIENT_SECRET = `cl!ent s3cret&<>"'\\x`;
const ISSUED_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.issued-Acc3ss.T0ken_x';
const REFRESH_TOKEN = 'refresh-9f8e7d6c5b4a';
const TS_PASSWORD = `ts p@ss&<>"'\\w0rd`;
const TS_TOKEN = 'AQIC5wM2LY4Sfc0123456789abcdef.*';
const SESSION = 'JSESS10N-abcdef123456';
const BASIC_USER = 'aspera-user';
const BASIC_PASSWORD = `b4sic p@ss&<>"'\\`;
const API_KEY = 'K3y-abc123+xyz/=';
const SOAP_PASSWORD = `s0ap<&>"'pw d`;
const ELMA_AUTH = '0f1e2d3c-4b5a-4968-8776-655443322110';
const ELMA_PROCESS = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);
const xmlEscaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const basicB64 = b64(`${BASIC_USER}:${BASIC_PASSWORD}`);

/** Every secret of the run; only CLIENT_SECRET, TS_PASSWORD and SOAP_PASSWORD are configured, the rest must be learned. */
const ALL_SECRETS = [
  CLIENT_SECRET,
  ISSUED_TOKEN,
  REFRESH_TOKEN,
  TS_PASSWORD,
  TS_TOKEN,
  SESSION,
  BASIC_PASSWORD,
  basicB64,
  API_KEY,
  SOAP_PASSWORD,
  ELMA_AUTH,
];
const CONFIGURED = [CLIENT_SECRET, TS_PASSWORD, SOAP_PASSWORD];

const json = { 'content-type': 'application/json' };
const exchanges: CapturedExchange[] = [
  {
    probe: 'Token (client credentials)',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4010/webapi/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'jobwire' },
      // URLSearchParams escapes `!` and `'`, which encodeURIComponent keeps.
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'my-client',
        client_secret: CLIENT_SECRET,
      }).toString(),
    },
    response: {
      status: 200,
      headers: { ...json, date: 'Thu, 03 Dec 2026 10:00:00 GMT', 'content-length': '120', connection: 'keep-alive' },
      body: `{"access_token":"${ISSUED_TOKEN}","refresh_token":"${REFRESH_TOKEN}","token_type":"bearer","expires_in":3600}`,
    },
  },
  {
    probe: 'List workflows',
    request: {
      method: 'get',
      url: 'http://127.0.0.1:4010/webapi/v3/workflows?view=Default',
      headers: { accept: 'application/json', authorization: `Bearer ${ISSUED_TOKEN}` },
    },
    response: {
      status: 200,
      headers: { ...json, 'x-echo-authorization': `Bearer ${ISSUED_TOKEN}` },
      body: `{"echo":"Bearer ${ISSUED_TOKEN}","secret":"${jsonEscaped(CLIENT_SECRET)}","refresh":"${REFRESH_TOKEN}","note":"Basic authentication is off; WWW-Authenticate: Basic realm=\\"x\\""}`,
    },
  },
  {
    probe: 'Login',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4011/baocdp/rest/login',
      headers: json,
      body: JSON.stringify({ username: 'ts-user', password: TS_PASSWORD }),
    },
    response: {
      status: 200,
      headers: {
        ...json,
        'authentication-token': TS_TOKEN,
        'set-cookie': `JSESSIONID=${SESSION}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly`,
      },
      body: '{"login":"true"}',
    },
  },
  {
    probe: 'Get a job',
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:4011/baocdp/rest/jobs/42',
      headers: { accept: 'application/json', 'authentication-token': TS_TOKEN, cookie: `JSESSIONID=${SESSION}; consent=1` },
    },
    response: {
      status: 200,
      headers: json,
      body: `{"id":"42","echo":"${TS_TOKEN} ${SESSION}","password":"${jsonEscaped(TS_PASSWORD)}","consent":"1"}`,
    },
  },
  {
    probe: 'Ping (basic)',
    request: {
      method: 'GET',
      url: `http://127.0.0.1:4012/aspera/orchestrator/api/remote_node_ping?login=bob&api_key=${encodeURIComponent(API_KEY)}&format=json`,
      headers: { accept: 'application/json', authorization: `Basic ${basicB64}` },
    },
    response: {
      status: 200,
      headers: json,
      body: [
        `raw=${BASIC_USER}:${jsonEscaped(BASIC_PASSWORD)}`,
        `b64=${basicB64}`,
        `url=${encodeURIComponent(`${BASIC_USER}:${BASIC_PASSWORD}`)}`,
        `key=${API_KEY}`,
        `keyUrl=${encodeURIComponent(API_KEY)}`,
        'ftp=ftp://assets:hunter2pw@files.example/in',
      ].join('\n'),
    },
  },
  {
    probe: 'Load an asset (SOAP)',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4013/apubi',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"wfm:APUBI/v1/LoadAsset"' },
      body: `<Envelope><Body><LoadAsset><user>wfm</user><password>${xmlEscaped(SOAP_PASSWORD)}</password></LoadAsset></Body></Envelope>`,
    },
    response: {
      status: 500,
      headers: { 'content-type': 'text/xml' },
      body: `<Envelope><Body><Fault><faultstring>bad password ${xmlEscaped(SOAP_PASSWORD)} / ${SOAP_PASSWORD.replace(/</g, '&lt;').replace(/&(?!lt;)/g, '&amp;')}</faultstring></Fault></Body></Envelope>`,
    },
  },
  {
    probe: 'ELMA: find a process',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4014/v1/repository/find',
      headers: json,
      body: `{"auth_tkn":"${ELMA_AUTH}","token":"${ELMA_PROCESS}"}`,
    },
    response: {
      status: 200,
      headers: json,
      body: `{"processes":[{"token":"${ELMA_PROCESS}","name":"Demo"}],"echo":"${ELMA_AUTH}"}`,
    },
  },
];

const provenance: RecordingProvenance = {
  vendor: 'alteryx-server',
  recordedAt: '2026-12-03T10:00:00.000Z',
  recordedBy: ['@jobwire/cli@0.1.0', '@jobwire/alteryx-server@0.1.0'],
  productVersion: '2025.1',
  url: 'http://user:pw-in-url@127.0.0.1:4010/webapi',
  writes: true,
  settings: { url: 'http://127.0.0.1:4010/webapi', clientId: 'my-client', process: ELMA_PROCESS },
  secretSettings: ['clientSecret'],
  probes: [
    { name: 'Token (client credentials)', outcome: 'passed', detail: `token ${ISSUED_TOKEN} issued` },
    { name: 'List workflows', outcome: 'failed', detail: 'HTTP 500' },
  ],
};

const dirs: string[] = [];
async function record(): Promise<{ dir: string; index: RecordingIndex; files: Map<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jobwire-rec-'));
  dirs.push(dir);
  const index = await writeRecording(dir, provenance, exchanges, { secrets: CONFIGURED });
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name), 'utf8'));
  return { dir, index, files };
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('writeRecording: redaction', () => {
  it('leaves no form of any secret — configured, sent or issued — in any written file', async () => {
    const { files } = await record();
    expect(files.size).toBe(12); // 7 answers, 4 request bodies, index.json
    for (const [name, text] of files) {
      for (const secret of ALL_SECRETS) {
        for (const form of secretForms(secret)) {
          expect(text.includes(form), `${name} holds a form of a secret: ${form}`).toBe(false);
        }
      }
      expect(text).not.toContain('hunter2pw');
    }
  });

  it('writes every body byte-identical but for the secrets', async () => {
    const { index, files } = await record();
    const body = (i: number, side: 'request' | 'response') => files.get(index.exchanges[i]?.[side].body ?? '');
    expect(body(0, 'request')).toBe('grant_type=client_credentials&client_id=my-client&client_secret=***');
    expect(body(0, 'response')).toBe('{"access_token":"***","refresh_token":"***","token_type":"bearer","expires_in":3600}');
    expect(body(1, 'response')).toBe(
      '{"echo":"Bearer ***","secret":"***","refresh":"***","note":"Basic authentication is off; WWW-Authenticate: Basic realm=\\"x\\""}',
    );
    expect(body(2, 'request')).toBe('{"username":"ts-user","password":"***"}');
    expect(body(2, 'response')).toBe('{"login":"true"}');
    expect(body(3, 'response')).toBe('{"id":"42","echo":"*** ***","password":"***","consent":"1"}');
    expect(body(4, 'response')).toBe(
      [
        'raw=aspera-user:***',
        'b64=***',
        'url=aspera-user%3A***',
        'key=***',
        'keyUrl=***',
        'ftp=ftp://assets:***@files.example/in',
      ].join('\n'),
    );
    expect(body(5, 'request')).toBe(
      '<Envelope><Body><LoadAsset><user>wfm</user><password>***</password></LoadAsset></Body></Envelope>',
    );
    expect(body(5, 'response')).toBe(
      '<Envelope><Body><Fault><faultstring>bad password *** / ***</faultstring></Fault></Body></Envelope>',
    );
    // ELMA's process token is an id, not a credential: kept; the auth token (`auth_tkn`) is learned and goes.
    expect(body(6, 'request')).toBe(`{"auth_tkn":"***","token":"${ELMA_PROCESS}"}`);
    expect(body(6, 'response')).toBe(`{"processes":[{"token":"${ELMA_PROCESS}","name":"Demo"}],"echo":"***"}`);
    expect(index.settings.process).toBe(ELMA_PROCESS);
  });

  it('keeps only the request headers that say what the request is, and drops transport response headers', async () => {
    const { index } = await record();
    const [token, list, login, job, ping, soap] = index.exchanges;
    expect(token?.request.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    expect(token?.response.headers).toEqual({ 'content-type': 'application/json' });
    expect(list?.request.headers).toEqual({ accept: 'application/json' });
    expect(list?.response.headers).toEqual({ 'content-type': 'application/json', 'x-echo-authorization': 'Bearer ***' });
    expect(login?.response.headers).toEqual({
      'content-type': 'application/json',
      'authentication-token': '***',
      'set-cookie': '***',
    });
    expect(job?.request.headers).toEqual({ accept: 'application/json' });
    expect(ping?.request.headers).toEqual({ accept: 'application/json' });
    expect(soap?.request.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', soapaction: '"wfm:APUBI/v1/LoadAsset"' });
  });

  it('records method, path and query; secret-named parameters read ***', async () => {
    const { index } = await record();
    expect(index.exchanges[1]?.request).toMatchObject({ method: 'GET', path: '/webapi/v3/workflows', query: '?view=Default' });
    expect(index.exchanges[3]?.request).toMatchObject({ path: '/baocdp/rest/jobs/42', query: '' });
    expect(index.exchanges[4]?.request.query).toBe('?login=bob&api_key=***&format=json');
    expect(index.exchanges[5]?.response.status).toBe(500);
  });

  it('names body files after the exchange number, the probe and the content type', async () => {
    const { index, files } = await record();
    expect(index.exchanges.map((e) => [e.request.body, e.response.body])).toEqual([
      ['001-token-client-credentials.request.txt', '001-token-client-credentials.response.json'],
      [undefined, '002-list-workflows.response.json'],
      ['003-login.request.json', '003-login.response.json'],
      [undefined, '004-get-a-job.response.json'],
      [undefined, '005-ping-basic.response.json'],
      ['006-load-an-asset-soap.request.xml', '006-load-an-asset-soap.response.xml'],
      ['007-elma-find-a-process.request.json', '007-elma-find-a-process.response.json'],
    ]);
    expect([...files.keys()].sort()).toEqual(
      ['index.json', ...index.exchanges.flatMap((e) => [e.request.body, e.response.body]).filter((f) => f !== undefined)].sort(),
    );
  });

  it('fills the index: format, provenance as given but scrubbed, url without user info, not anonymized', async () => {
    const { index, files } = await record();
    expect(index.format).toBe('jobwire-recording/1');
    expect(index.anonymized).toBe(false);
    expect(index.vendor).toBe('alteryx-server');
    expect(index.recordedAt).toBe('2026-12-03T10:00:00.000Z');
    expect(index.recordedBy).toEqual(['@jobwire/cli@0.1.0', '@jobwire/alteryx-server@0.1.0']);
    expect(index.productVersion).toBe('2025.1');
    expect(index.url).toBe('http://127.0.0.1:4010/webapi');
    expect(index.writes).toBe(true);
    expect(index.secretSettings).toEqual(['clientSecret']);
    expect(index.probes).toEqual([
      { name: 'Token (client credentials)', outcome: 'passed', detail: 'token *** issued' },
      { name: 'List workflows', outcome: 'failed', detail: 'HTTP 500' },
    ]);
    expect(JSON.parse(files.get('index.json') ?? '')).toEqual(index);
  });

  it('marks a cut answer as truncated and writes no file for an empty body', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobwire-rec-'));
    dirs.push(dir);
    const index = await writeRecording(
      dir,
      provenance,
      [
        {
          probe: 'a',
          request: { method: 'GET', url: 'http://h.test/a', headers: {} },
          response: { status: 200, headers: {}, body: 'x', truncated: true },
        },
        {
          probe: '',
          request: { method: 'DELETE', url: 'http://h.test/b', headers: {}, body: '' },
          response: { status: 204, headers: {}, body: '' },
        },
      ],
      { secrets: [] },
    );
    expect(index.exchanges[0]?.response).toEqual({ status: 200, headers: {}, body: '001-a.response.txt', truncated: true });
    expect(index.exchanges[1]?.request).toEqual({ method: 'DELETE', path: '/b', query: '', headers: {} });
    expect(index.exchanges[1]?.response).toEqual({ status: 204, headers: {} });
    expect((await readdir(dir)).sort()).toEqual(['001-a.response.txt', 'index.json']);
  });
});
