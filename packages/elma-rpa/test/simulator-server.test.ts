import { readFileSync } from 'node:fs';
import type { SimOutcome } from '@jobwire/core/simulator';
import { createSpecValidator, type OpenApiDocument } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startElmaRpaSimulator } from '../src/simulator.js';

// The simulator's server alone (no client): every answer checked against the spec's own schemas,
// over real HTTP. `simulator.test.ts` drives the same server through the client.
const spec = createSpecValidator(
  parse(readFileSync(new URL('../../../specs/elma-rpa/openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument,
);
const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(outcome: SimOutcome = 'succeeded') {
  let clock = 1_000_000;
  const sim = await startElmaRpaSimulator({ queuedMs: 100, runningMs: 1000, outcome, now: () => clock });
  close = sim.close;
  const auth_tkn = sim.credentials.authToken;
  /** POSTs to the simulator and checks the answer against the spec's response schema for `path`. */
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const value = (await response.json()) as Record<string, unknown>;
    const check = spec.checkResponse({ method: 'POST', path, status: response.status, body: value });
    expect({ path, problems: check.problems, undocumented: check.undocumented }).toEqual({
      path,
      problems: [],
      undocumented: [],
    });
    return { http: response.status, body: value };
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  return { sim, call, auth_tkn, advance };
}

describe('ELMA RPA simulator answers as the spec says', () => {
  for (const [outcome, final] of [
    ['succeeded', 'DONE'],
    ['failed', 'ERROR'],
  ] as const) {
    it(`a task that ends ${outcome}: every phase of the status answer`, async () => {
      const { call, auth_tkn, advance } = await start(outcome);
      const created = await call('/v1/orchestra/task/create', {
        auth_tkn,
        task: { process: PROCESS, version: 0, ctx: '{"a":1}' },
      });
      expect(created.body.status).toBe(201);
      const id = (created.body.task as { id: number }).id;
      const statuses: string[] = [];
      for (const step of [0, 50, 50, 1000]) {
        advance(step);
        const { body } = await call('/v1/orchestra/task/status', { auth_tkn, id });
        statuses.push(String((body.task as { status: string }).status));
      }
      expect(statuses).toEqual(['PREPARE', 'QUEUE', 'EXECUTING', final]);
    });
  }

  it('cancel: queued → CANCEL; running → 409 in the body; another system → 403', async () => {
    const { sim, call, auth_tkn, advance } = await start();
    const create = async () =>
      ((await call('/v1/orchestra/task/create', { auth_tkn, task: { process: PROCESS, ctx: '{}' } })).body.task as { id: number })
        .id;
    const queued = await create();
    const cancelled = await call('/v1/orchestra/task/cancel', { auth_tkn, id: queued });
    expect((cancelled.body.task as { status: string }).status).toBe('CANCEL');
    const running = await create();
    advance(500);
    const refused = await call('/v1/orchestra/task/cancel', { auth_tkn, id: running });
    expect([refused.http, refused.body.status]).toEqual([200, 409]);
    const other = '2b0c7a9e-5d4f-4e3a-9b8c-1d2e3f4a5b6c';
    await call('/v1/orchestra/system/registration', { uuid: other, name: 'Other' });
    expect(sim.approveSystem(other)).toBe(true);
    const forbidden = await call('/v1/orchestra/task/cancel', { auth_tkn: other, id: await create() });
    expect([forbidden.http, forbidden.body.status]).toEqual([200, 403]);
  });

  it('unknown tasks, unapproved and unknown systems get ELMA’s error envelopes', async () => {
    const { call, auth_tkn } = await start();
    const missing = await call('/v1/orchestra/task/status', { auth_tkn, id: 1 });
    expect([missing.http, missing.body]).toEqual([200, { status: 404, error: 'task 1 not found' }]);
    const pendingSystem = '2b0c7a9e-5d4f-4e3a-9b8c-1d2e3f4a5b6d';
    await call('/v1/orchestra/system/registration', { uuid: pendingSystem, name: 'Pending' });
    const pending = await call('/v1/orchestra/system/status', { uuid: pendingSystem });
    expect([pending.http, pending.body.status]).toEqual([200, 403]);
    const unknown = await call('/v1/repository/actual', { auth_tkn: 'nobody' });
    expect([unknown.http, unknown.body.status]).toEqual([401, 401]);
  });

  it('the process repository: find by token (current or that version) and the version’s context variables', async () => {
    const { call, auth_tkn } = await start();
    const found = await call('/v1/repository/find', { auth_tkn, token: PROCESS, version: 0 });
    const process = found.body.process as Record<string, unknown>;
    expect([found.body.status, process.token, process.version, process.name]).toEqual([200, PROCESS, 3, 'Creating profiles']);
    expect([process.hash, process.created, process.uploaded, process.fullname]).toEqual([
      '5f1d0c2a9b8e7d6c5b4a39281706f5e4d3c2b1a0',
      '2020-03-30T05:55:26Z',
      '2020-06-05T05:44:12Z',
      'Thomas Miller',
    ]);
    expect((await call('/v1/repository/find', { auth_tkn, token: PROCESS, version: 3 })).body.status).toBe(200);
    const otherVersion = await call('/v1/repository/find', { auth_tkn, token: PROCESS, version: 2 });
    expect([otherVersion.http, otherVersion.body.status]).toEqual([200, 404]);
    const context = await call('/v1/repository/context', { auth_tkn, uuid: process.uuid });
    const variables = context.body.ctx as { name: string; scope: string }[];
    expect(variables.map((v) => `${v.name}:${v.scope}`)).toEqual([
      'stringvalue_in:In',
      'filevalue_in:In',
      'datetimevalue_in:In',
      'intvalue_in:In',
      'mailvalue_inout:InOut',
      'stringvalue_out:Out',
      'boolvalue_out:Out',
      'doublevalue_out:Out',
    ]);
    const unknown = await call('/v1/repository/context', { auth_tkn, uuid: PROCESS });
    expect([unknown.http, unknown.body.status]).toEqual([200, 404]);
  });
});
