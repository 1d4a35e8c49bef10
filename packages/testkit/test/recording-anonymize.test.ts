import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnonymizer, isIdField, isUserField, shapedPlaceholder } from '../src/recording/anonymize.js';
import type { CapturedExchange, RecordingIndex } from '../src/recording/format.js';
import { type RecordingProvenance, writeRecording } from '../src/recording/write.js';

const HEX_ID = '5f8d0d55b54764421b7156c9';
const JOB_ID = '1234567';
const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const ALNUM = 'A1b2C3d4E5';
const FOLDER = '2001';
const SOAP_NS = 'http://www.w3.org/2001/XMLSchema-instance';

const provenance: RecordingProvenance = {
  vendor: 'truesight-orchestration',
  recordedAt: '2026-12-03T10:00:00.000Z',
  recordedBy: ['@jobwire/cli@0.1.0'],
  url: 'http://srv01.corp.lan:8080/baocdp',
  writes: false,
  settings: {
    url: 'http://srv01.corp.lan:8080/baocdp',
    username: 'jdoe.admin',
    workflowId: HEX_ID,
    folderId: FOLDER,
    mode: 'basic',
  },
  secretSettings: ['password'],
  probes: [
    { name: 'Get a workflow', outcome: 'passed', detail: `workflow ${HEX_ID} of jdoe.admin on srv01.corp.lan` },
    { name: 'Get a job', outcome: 'passed', detail: `job ${JOB_ID}: 42 steps` },
  ],
};

const exchanges: CapturedExchange[] = [
  {
    probe: 'Get a workflow',
    request: {
      method: 'GET',
      url: `http://srv01.corp.lan:8080/baocdp/workflows/${HEX_ID}?owner=jdoe.admin&createdBy=Mary%20Major&folder=${FOLDER}`,
      headers: { accept: 'application/json' },
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', location: `http://srv01.corp.lan:8080/baocdp/jobs/${JOB_ID}` },
      body: JSON.stringify({
        id: HEX_ID,
        jobId: JOB_ID,
        processId: GUID,
        run_id: ALNUM,
        ownerName: 'jdoe.admin',
        createdBy: 'Mary Major',
        login: 'true',
        userCount: 'many-users',
        self: `http://srv01.corp.lan:8080/baocdp/jobs/${JOB_ID}`,
        note: `x${JOB_ID}y and ${JOB_ID}9 stay`,
        code: 42,
        shortId: 'ab',
      }),
    },
  },
  {
    probe: 'Get a job',
    request: { method: 'GET', url: `http://srv01.corp.lan:8080/baocdp/jobs/${JOB_ID}`, headers: { accept: 'application/xml' } },
    response: {
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: `<job xmlns:xsi="${SOAP_NS}" jobId="${JOB_ID}"><id>${GUID}</id><owner>Mary Major</owner><folder>${FOLDER}</folder><link>http://SRV01.corp.lan:8080/x?w=${HEX_ID}</link></job>`,
    },
  },
];

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function record(anonymize = true): Promise<{ index: RecordingIndex; files: Map<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jobwire-anon-'));
  dirs.push(dir);
  const index = await writeRecording(dir, provenance, exchanges, {
    secrets: ['not-in-the-traffic'],
    anonymize,
    userSettings: ['username'],
    idSettings: ['workflowId', 'folderId'],
  });
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name), 'utf8'));
  return { index, files };
}

describe('writeRecording with anonymize', () => {
  it('gives the same id the same shape-preserving placeholder in settings, paths, queries, headers, bodies and details', async () => {
    const { index, files } = await record();
    const hex = index.settings.workflowId ?? '';
    expect(hex).toMatch(/^[0-9a-f]{24}$/);
    expect(hex).not.toBe(HEX_ID);
    const folder = index.settings.folderId ?? '';
    expect(folder).toMatch(/^[1-9][0-9]{3}$/);
    expect(folder).not.toBe(FOLDER);
    const [workflow, job] = index.exchanges;
    expect(workflow?.request.path).toBe(`/baocdp/workflows/${hex}`);
    const answer = JSON.parse(files.get(workflow?.response.body ?? '') ?? '');
    expect(answer.id).toBe(hex);
    const jobId: string = answer.jobId;
    expect(jobId).toMatch(/^[1-9][0-9]{6}$/);
    expect(jobId).not.toBe(JOB_ID);
    expect(answer.processId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-9[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.processId).not.toBe(GUID);
    expect(answer.run_id).toMatch(/^[A-Z][0-9][a-z][0-9][A-Z][0-9][a-z][0-9][A-Z][0-9]$/);
    expect(answer.run_id).not.toBe(ALNUM);
    expect(answer.self).toBe(`http://host-1.invalid:8080/baocdp/jobs/${jobId}`);
    expect(workflow?.response.headers.location).toBe(`http://host-1.invalid:8080/baocdp/jobs/${jobId}`);
    expect(job?.request.path).toBe(`/baocdp/jobs/${jobId}`);
    expect(files.get(job?.response.body ?? '')).toBe(
      `<job xmlns:xsi="${SOAP_NS}" jobId="${jobId}"><id>${answer.processId}</id><owner>user-2</owner><folder>${folder}</folder><link>http://host-1.invalid:8080/x?w=${hex}</link></job>`,
    );
    expect(index.probes.map((p) => p.detail)).toEqual([`workflow ${hex} of user-1 on host-1.invalid`, `job ${jobId}: 42 steps`]);
  });

  it('replaces hosts by host-N.invalid and users by user-N, raw and percent-encoded', async () => {
    const { index, files } = await record();
    expect(index.anonymized).toBe(true);
    expect(index.url).toBe('http://host-1.invalid:8080/baocdp');
    expect(index.settings.url).toBe('http://host-1.invalid:8080/baocdp');
    expect(index.settings.username).toBe('user-1');
    expect(index.settings.mode).toBe('basic');
    const folder = index.settings.folderId;
    expect(index.exchanges[0]?.request.query).toBe(`?owner=user-1&createdBy=user-2&folder=${folder}`);
    const answer = JSON.parse(files.get(index.exchanges[0]?.response.body ?? '') ?? '');
    expect(answer.ownerName).toBe('user-1');
    expect(answer.createdBy).toBe('user-2');
  });

  it('leaves short values, booleans, counts of users and tokens inside longer runs alone', async () => {
    const { index, files } = await record();
    const answer = JSON.parse(files.get(index.exchanges[0]?.response.body ?? '') ?? '');
    expect(answer.login).toBe('true');
    expect(answer.userCount).toBe('many-users');
    expect(answer.code).toBe(42);
    expect(answer.shortId).toBe('ab');
    expect(answer.note).toBe(`x${JOB_ID}y and ${JOB_ID}9 stay`);
  });

  it('keeps XML namespace URIs, even when an id occurs in them', async () => {
    const { index, files } = await record();
    expect(files.get(index.exchanges[1]?.response.body ?? '')).toContain(` xmlns:xsi="${SOAP_NS}"`);
    expect(index.settings.folderId).not.toBe(FOLDER);
  });

  it('leaves none of the original hosts, users and ids in any file', async () => {
    const { files } = await record();
    for (const [name, text] of files) {
      for (const original of ['srv01', 'SRV01', 'jdoe.admin', 'Mary Major', 'Mary%20Major', HEX_ID, GUID, ALNUM]) {
        expect(text.includes(original), `${name} holds ${original}`).toBe(false);
      }
      expect(new RegExp(`(?<![0-9a-z])${JOB_ID}(?![0-9a-z])`).test(text), `${name} holds the job id`).toBe(false);
    }
  });

  it('is deterministic: the same run gives the same files', async () => {
    const first = await record();
    const second = await record();
    expect([...second.files.entries()]).toEqual([...first.files.entries()]);
  });

  it('replaces an IPv6 host with its brackets, so the url stays a url', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobwire-anon-'));
    dirs.push(dir);
    const url = 'http://[::1]:8080/api';
    const index = await writeRecording(
      dir,
      { ...provenance, url, settings: { url }, probes: [] },
      [
        {
          probe: 'p',
          request: { method: 'GET', url: `${url}/x`, headers: {} },
          response: { status: 200, headers: {}, body: `see ${url}/y` },
        },
      ],
      { secrets: [], anonymize: true },
    );
    expect(index.url).toBe('http://host-1.invalid:8080/api');
    expect(index.settings.url).toBe('http://host-1.invalid:8080/api');
    expect(await readFile(join(dir, index.exchanges[0]?.response.body ?? ''), 'utf8')).toBe(
      'see http://host-1.invalid:8080/api/y',
    );
  });

  it('changes nothing without the option', async () => {
    const { index, files } = await record(false);
    expect(index.anonymized).toBe(false);
    expect(index.url).toBe(provenance.url);
    expect(index.settings).toEqual(provenance.settings);
    expect(files.get(index.exchanges[0]?.response.body ?? '')).toBe(exchanges[0]?.response.body);
  });
});

describe('createAnonymizer', () => {
  it('gives different values different placeholders and replaces whole tokens only', () => {
    const anonymize = createAnonymizer({
      hosts: ['api.corp.lan'],
      users: ['alice'],
      ids: ['123456', '654321', 'job-77'],
      texts: [],
    });
    const [a, b] = [anonymize('123456'), anonymize('654321')];
    expect(a).toMatch(/^[1-9][0-9]{5}$/);
    expect(b).toMatch(/^[1-9][0-9]{5}$/);
    expect(a).not.toBe(b);
    expect(anonymize('job-77')).toMatch(/^[a-z]{3}-[0-9]{2}$/);
    expect(anonymize('a1234567 123456 alice alicea %2F123456')).toBe(`a1234567 ${a} user-1 alicea %2F${a}`);
    expect(anonymize('https://API.corp.lan/x and api.corp.lan.')).toBe('https://host-1.invalid/x and host-1.invalid.');
    const found = createAnonymizer({ hosts: [], users: [], ids: [], texts: ['see http://files.corp.lan.'] });
    expect(found('see http://files.corp.lan. and files.corp.lan')).toBe('see http://host-1.invalid. and host-1.invalid');
  });

  it('gives each of many ids sharing a prefix its own placeholder, none an original id', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `job-${String(i).padStart(5, '0')}`);
    const anonymize = createAnonymizer({ hosts: [], users: [], ids, texts: [ids.join(',')] });
    const out = anonymize(ids.join(',')).split(',');
    expect(new Set(out).size).toBe(2000);
    const originals = new Set(ids);
    for (const placeholder of out) {
      expect(placeholder).toMatch(/^[a-z]{3}-[0-9]{5}$/);
      expect(originals.has(placeholder)).toBe(false);
    }
  });

  it('finds ids and users in JSON fields, XML elements and attributes', () => {
    const texts = ['{"jobId": 98765, "owner": "bob.smith"}', '<r taskID="AB-12"><ns:author>Eve Ng</ns:author></r>'];
    const anonymize = createAnonymizer({ hosts: [], users: [], ids: [], texts });
    expect(anonymize(texts[0] ?? '')).toMatch(/^\{"jobId": [1-9][0-9]{4}, "owner": "user-1"\}$/);
    expect(anonymize(texts[1] ?? '')).toMatch(/^<r taskID="[A-Z]{2}-[0-9]{2}"><ns:author>user-2<\/ns:author><\/r>$/);
  });
});

describe('shapedPlaceholder', () => {
  it('keeps length, separators, digit/letter classes, case and hex', () => {
    for (let seed = 0; seed < 50; seed++) {
      expect(shapedPlaceholder('0042017', seed)).toMatch(/^[1-9][0-9]{6}$/);
      expect(shapedPlaceholder('DEADbeef01', seed)).toMatch(/^[A-F]{4}[a-f]{4}[0-9]{2}$/);
      expect(shapedPlaceholder('Job_42.x', seed)).toMatch(/^[A-Z][a-z]{2}_[0-9]{2}\.[a-z]$/);
      expect(shapedPlaceholder(GUID, seed)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-9[0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(shapedPlaceholder(HEX_ID, 1)).toBe(shapedPlaceholder(HEX_ID, 1));
    expect(shapedPlaceholder(HEX_ID, 1)).not.toBe(shapedPlaceholder(HEX_ID, 2));
  });
});

describe('field names', () => {
  it('isIdField: id, *Id, *ID, *_id, *uuid', () => {
    expect(['id', 'ID', 'jobId', 'taskID', 'run_id', 'process-id', 'uuid', 'useruuid'].map(isIdField)).toEqual(
      Array(8).fill(true),
    );
    expect(['valid', 'paid', 'identity', 'token', 'hash'].map(isIdField)).toEqual([false, false, false, false, false]);
  });

  it('isUserField: user, owner, login, author, createdBy, submittedBy words', () => {
    expect(
      ['user', 'userName', 'username', 'owner', 'login', 'author', 'createdBy', 'submitted_by', 'fullname'].map(isUserField),
    ).toEqual(Array(9).fill(true));
    expect(['authorization', 'loginUrl', 'userCount', 'userType', 'createdAt', 'name'].map(isUserField)).toEqual(
      Array(6).fill(false),
    );
  });
});

describe('writeRecording with anonymize: ids the run found, and URL settings', () => {
  it('anonymizes ids given as values (found by the run) and a URL setting by its host and user, keeping it a URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobwire-anon-'));
    dirs.push(dir);
    const found = 'run-778123';
    const asset = 'ftp://demo@media.corp.lan/in/a.mxf';
    const index = await writeRecording(
      dir,
      { ...provenance, settings: { asset }, probes: [{ name: 'start', outcome: 'passed', detail: `started ${found}` }] },
      [
        {
          probe: 'start',
          request: { method: 'GET', url: `http://srv01.corp.lan:8080/baocdp/runs/${found}`, headers: {} },
          response: {
            status: 200,
            statusText: 'OK',
            headers: { 'content-type': 'text/plain' },
            body: `run ${found} of ${asset}`,
          },
        },
      ],
      { secrets: [], anonymize: true, idSettings: ['asset'], ids: [found] },
    );
    const placeholder = /\/runs\/(.+)$/.exec(index.exchanges[0]?.request.path ?? '')?.[1] ?? '';
    expect(placeholder).toMatch(/^[a-z]{3}-[1-9][0-9]{5}$/);
    expect(placeholder).not.toBe(found);
    expect(index.settings.asset).toBe('ftp://user-1@host-2.invalid/in/a.mxf');
    expect(index.probes[0]?.detail).toBe(`started ${placeholder}`);
    expect(index.exchanges[0]?.response.statusText).toBe('OK');
    const body = await readFile(join(dir, index.exchanges[0]?.response.body ?? ''), 'utf8');
    expect(body).toBe(`run ${placeholder} of ftp://user-1@host-2.invalid/in/a.mxf`);
  });
});
