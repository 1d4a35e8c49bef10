/**
 * Every case of the contract suite can fail: each runs directly (`runContractCase`) against a fake
 * vendor broken in the way the case exists to catch, and must reject saying why.
 */
import {
  AuthenticationError,
  createJobStatus,
  type JobStatus,
  JobwireError,
  NotFoundError,
  WaitTimeoutError,
} from '@jobwire/core';
import type { VendorSession } from '@jobwire/core/definition';
import { describe, expect, it } from 'vitest';
import { sameShapeOther } from '../src/contract/assertions.js';
import { runContractCase } from '../src/contract/groups.js';
import { CONTRACT_CASES, type ContractCaseName, runVendorContract } from '../src/index.js';
import { fakeDefinition } from './contract/fake-vendor.js';

const mapErrors = (session: VendorSession, map: (error: unknown) => unknown): VendorSession => ({
  ...session,
  getJobStatus: (id, options) => session.getJobStatus(id, options).catch((error: unknown) => Promise.reject(map(error))),
  waitForJob: (id, options) => session.waitForJob(id, options).catch((error: unknown) => Promise.reject(map(error))),
  startJob: (input, options) => session.startJob(input, options).catch((error: unknown) => Promise.reject(map(error))),
});

/** A definition broken for each case, and what the case's failure must say. */
const broken: Record<ContractCaseName, Array<{ how: string; definition: ReturnType<typeof fakeDefinition>; says: RegExp }>> = {
  'status-round-trip': [
    {
      how: 'a status naming another vendor',
      definition: fakeDefinition({}, (s) => ({
        ...s,
        getJobStatus: async (id) => ({ ...(await s.getJobStatus(id)), vendor: 'other' }),
      })),
      says: /vendor/,
    },
    {
      how: 'done true on a running job',
      definition: fakeDefinition({}, (s) => ({
        ...s,
        getJobStatus: async (id) => ({ ...(await s.getJobStatus(id)), done: true }),
      })),
      says: /done must be true exactly for a terminal state/,
    },
    {
      how: 'the id trimmed',
      definition: fakeDefinition({}, (s) => ({
        ...s,
        getJobStatus: async (id) => ({ ...(await s.getJobStatus(id)), id: id.slice(1) }),
      })),
      says: /id \(the id asked for/,
    },
  ],
  'failed-job': [
    { how: "the vendor's Error read as success", definition: fakeDefinition({ errorIsSuccess: true }), says: /failed/ },
  ],
  'wait-terminal': [
    {
      how: 'a wait that returns the first status',
      definition: fakeDefinition({}, (s) => ({ ...s, waitForJob: (id) => s.getJobStatus(id) })),
      says: /terminal status/,
    },
  ],
  'wait-transient-errors': [
    {
      how: 'no retries and no tolerance of failed polls',
      definition: fakeDefinition({ noRetries: true }, (s) => ({
        ...s,
        waitForJob: (id, options) => s.waitForJob(id, { ...options, maxConsecutiveErrors: 1 }),
      })),
      says: /gave up on transient errors/,
    },
  ],
  'wait-abort': [
    {
      how: 'an abort rejected with an error of its own',
      definition: fakeDefinition({}, (s) => mapErrors(s, () => new Error('aborted'))),
      says: /signal's reason/,
    },
  ],
  'wait-timeout': [
    {
      how: 'a WaitTimeoutError without the last status',
      definition: fakeDefinition({}, (s) =>
        mapErrors(s, (error) =>
          error instanceof WaitTimeoutError
            ? new WaitTimeoutError(error.message, {
                vendor: error.vendor,
                operation: error.operation,
                timeoutMs: error.timeoutMs,
              })
            : error,
        ),
      ),
      says: /no lastStatus/,
    },
    {
      how: 'a timeout rejected as a plain Error',
      definition: fakeDefinition({}, (s) =>
        mapErrors(s, (error) => (error instanceof WaitTimeoutError ? new Error('timed out') : error)),
      ),
      says: /expected a JobwireError, got Error: timed out/,
    },
  ],
  'unknown-job-id': [
    {
      how: 'a 404 read as an unknown state',
      definition: fakeDefinition({}, (s) => ({
        ...s,
        getJobStatus: (id, options) =>
          s.getJobStatus(id, options).catch((error: unknown): JobStatus => {
            if (!(error instanceof NotFoundError)) throw error;
            return createJobStatus({ vendor: 'fake-vendor', id, state: 'unknown', vendorStatus: '?', raw: {} });
          }),
      })),
      says: /resolved/,
    },
    {
      how: 'a 404 as another JobwireError',
      definition: fakeDefinition({}, (s) =>
        mapErrors(s, (error) =>
          error instanceof NotFoundError ? new JobwireError('gone', { vendor: 'fake-vendor', operation: 'x' }) : error,
        ),
      ),
      says: /expected NotFoundError/,
    },
  ],
  'wrong-credentials': [
    {
      how: 'a 401 as a plain Error',
      definition: fakeDefinition({}, (s) =>
        mapErrors(s, (error) => (error instanceof AuthenticationError ? new Error('denied') : error)),
      ),
      says: /expected a JobwireError, got Error: denied/,
    },
    {
      how: 'a definition without secret settings',
      definition: fakeDefinition({}, undefined, { settings: [{ key: 'apiKey', description: 'the API key' }] }),
      says: /hold no secret setting/,
    },
  ],
  'secrets-never-leak': [
    { how: 'a client that logs its key', definition: fakeDefinition({ logKey: true }), says: /secrets leaked/ },
  ],
  'secrets-echoed': [
    {
      how: "a client that puts the server's echo into its errors unredacted",
      definition: fakeDefinition({ echoErrors: true }),
      says: /secrets leaked/,
    },
  ],
  'chaos-waits': [
    {
      how: 'a session whose errors become TypeErrors',
      definition: fakeDefinition({}, (s) => mapErrors(s, (error) => new TypeError(`cannot read ${String(error)}`))),
      says: /expected a JobwireError, got TypeError/,
    },
  ],
  'writes-not-repeated': [
    {
      how: 'a client that retries writes',
      definition: fakeDefinition({ retryWrites: true }),
      says: /saw 3 requests for one start/,
    },
  ],
  'awkward-ids': [
    {
      how: 'ids put into paths unencoded',
      definition: fakeDefinition({ rawIds: true }),
      says: /not the shape of a plain id's request/,
    },
    {
      how: 'a session that drops the client options',
      definition: fakeDefinition({ dropClientOptions: true }),
      says: /sent nothing through clientOptions.fetch/,
    },
  ],
  'call-abort': [
    {
      how: 'a session that drops the signal',
      definition: fakeDefinition({}, (s) => ({ ...s, getJobStatus: (id) => s.getJobStatus(id) })),
      says: /still pending 5000 ms after its signal aborted/,
    },
    {
      how: 'an abort rejected with an error of its own',
      definition: fakeDefinition({}, (s) => mapErrors(s, () => new Error('aborted'))),
      says: /signal's reason itself, got Error: aborted/,
    },
  ],
  cancel: [
    {
      how: 'a cancel that says nothing',
      definition: fakeDefinition({}, (s) => ({ ...s, cancelJob: async (id) => ((await s.cancelJob?.(id)) ?? '').slice(0, 0) })),
      says: /not an empty one/,
    },
    {
      how: 'no cancel, and no word why',
      definition: fakeDefinition({}, ({ cancelJob: _, ...s }) => s, { capabilities: { cancel: false, browser: true } }),
      says: /cannotCancel must say why/,
    },
    {
      how: 'a cancelJob the capabilities deny',
      definition: fakeDefinition({}, undefined, { capabilities: { cancel: false, browser: true }, cannotCancel: 'no' }),
      says: /yet the session has cancelJob/,
    },
  ],
};

describe('every contract case fails on a definition that breaks it', () => {
  it('covers every case', () => {
    expect(Object.keys(broken).sort()).toEqual([...CONTRACT_CASES].sort());
  });
  for (const [name, variants] of Object.entries(broken) as Array<[ContractCaseName, (typeof broken)[ContractCaseName]]>) {
    for (const variant of variants) {
      it(`${name}: ${variant.how}`, async () => {
        await expect(runContractCase(variant.definition, name)).rejects.toThrow(variant.says);
      }, 30_000);
    }
  }
});

describe('contract options', () => {
  it('a vendor without cancel passes the cancel case by saying why', async () => {
    const definition = fakeDefinition({}, ({ cancelJob: _, ...s }) => s, {
      capabilities: { cancel: false, browser: true },
      cannotCancel: 'the fake API has no cancel',
    });
    await expect(runContractCase(definition, 'cancel')).resolves.toBeUndefined();
  });
  it('unknownJobError and badCredentialsError name the classes a vendor documents', async () => {
    await expect(runContractCase(fakeDefinition(), 'unknown-job-id', { unknownJobError: AuthenticationError })).rejects.toThrow(
      /expected AuthenticationError, got NotFoundError/,
    );
    await expect(runContractCase(fakeDefinition(), 'wrong-credentials', { badCredentialsError: NotFoundError })).rejects.toThrow(
      /expected NotFoundError, got AuthenticationError/,
    );
  });
  it('invalidIdError accepts a refusal before anything is sent, and only that', async () => {
    const refuseBefore = fakeDefinition({}, (s) => ({
      ...s,
      getJobStatus: (id, options) =>
        /^[0-9a-f]+$/.test(id) ? s.getJobStatus(id, options) : Promise.reject(new RangeError(`bad id ${id}`)),
    }));
    await expect(runContractCase(refuseBefore, 'awkward-ids')).rejects.toThrow(/expected a JobwireError, got RangeError/);
    await expect(runContractCase(refuseBefore, 'awkward-ids', { invalidIdError: RangeError })).resolves.toBeUndefined();
    const refuseAfter = fakeDefinition({}, (s) => ({
      ...s,
      getJobStatus: (id, options) =>
        s
          .getJobStatus(id, options)
          .catch((error: unknown) => Promise.reject(/^[0-9a-f]+$/.test(id) ? error : new RangeError('late'))),
    }));
    await expect(runContractCase(refuseAfter, 'awkward-ids', { invalidIdError: RangeError })).rejects.toThrow(
      /refused with RangeError: late, but only after sending a request/,
    );
  });
  it('cancelPhase queued cancels a queued job', async () => {
    await expect(runContractCase(fakeDefinition(), 'cancel', { cancelPhase: 'queued' })).resolves.toBeUndefined();
    await expect(runContractCase(fakeDefinition(), 'cancel', { cancelledState: 'failed' })).rejects.toThrow(
      /final state of a cancelled job/,
    );
  });
  it('refuses skips without a reason or of no case', async () => {
    await expect(runVendorContract(fakeDefinition(), { skip: { cancel: ' ' } })).rejects.toThrow(RangeError);
    await expect(runVendorContract(fakeDefinition(), { skip: { nothing: 'why' } as never })).rejects.toThrow(/no contract case/);
  });
});

describe('sameShapeOther', () => {
  it('changes every digit and letter within its class', () => {
    expect(sameShapeOther('66ebd18d3d6200007e000d8c')).toBe('11bea63a8a1755552b555a3f');
    expect(sameShapeOther('c39f99de-cb8f-4661-a206-b282a4830cbf')).toBe('f84c44ab-fe3c-9116-d751-e737d9385fec');
    expect(sameShapeOther('task-1f2e')).toBe('gdzr-6c7b');
    expect(sameShapeOther('-_-')).toBe('-_--other');
  });
});
