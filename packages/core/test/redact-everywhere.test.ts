import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createRedactor,
  type JobSource,
  type JobStatus,
  SoapFaultError,
  sharedRedactor,
  WaitTimeoutError,
  waitForJob,
} from '../src/index.js';

const SECRET = 'S3cret&Token/42é';

describe('secret forms', () => {
  const redactor = createRedactor([SECRET]);
  const b64 = Buffer.from(SECRET, 'utf8').toString('base64');
  const upper = encodeURIComponent(SECRET);
  const lower = upper.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  const cases: Array<[string, string]> = [
    ['base64 of the bare secret', b64],
    ['base64 without padding', b64.replace(/=+$/, '')],
    ['base64url', Buffer.from(SECRET, 'utf8').toString('base64url')],
    ['lower-case %xx', lower],
    ['double percent-encoding', encodeURIComponent(upper)],
    ['double percent-encoding, lower-case', encodeURIComponent(upper).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ['HTML decimal entities', [...SECRET].map((c) => `&#${c.codePointAt(0)};`).join('')],
    ['HTML hex entities', [...SECRET].map((c) => `&#x${c.codePointAt(0)?.toString(16)};`).join('')],
    ['only the special characters as entities', SECRET.replace('&', '&#38;')],
  ];
  for (const [name, form] of cases) {
    it(`redacts ${name}`, () => {
      const out = redactor.text(`before ${form} after`);
      expect(out).toBe('before *** after');
    });
  }
});

describe('a status wherever it goes', () => {
  const status = (vendorStatus: string, raw: unknown): JobStatus => ({
    vendor: 'truesight-orchestration',
    id: 'job-1',
    state: 'running',
    done: false,
    vendorStatus,
    detail: `started with ${SECRET}`,
    outputs: { echoed: SECRET },
    raw,
  });

  it('WaitTimeoutError scrubs its last status (raw, detail, outputs, vendor status) with every known secret', () => {
    createRedactor([SECRET]); // a client was made with it: the process knows it
    const last = status(`RUNNING ${SECRET}`, { nested: { note: `x ${SECRET} y` }, password: 'pw', list: [SECRET] });
    const error = new WaitTimeoutError(`late: ${last.vendorStatus}`, {
      vendor: 'truesight-orchestration',
      operation: 'waitForJob',
      timeoutMs: 1,
      lastStatus: last,
    });
    const everything = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 10 }), String(error)].join(
      '\n',
    );
    expect(everything).not.toContain(SECRET);
    expect(error.lastStatus?.raw).toEqual({ nested: { note: 'x *** y' }, password: '***', list: ['***'] });
    expect(error.lastStatus?.vendorStatus).toBe('RUNNING ***');
    expect(error.lastStatus?.detail).toBe('started with ***');
    expect(error.message).toBe('late: RUNNING ***');
    expect(last.raw).toEqual({ nested: { note: `x ${SECRET} y` }, password: 'pw', list: [SECRET] }); // the caller's copy is untouched
  });

  it('error bodies and SOAP fault details are scrubbed whoever built the error', () => {
    createRedactor([SECRET]);
    const api = new ApiError(`HTTP 500 ${SECRET}`, {
      vendor: 'elma-rpa',
      operation: 'x',
      status: 500,
      body: { message: SECRET, auth_tkn: 'abc' },
    });
    expect(api.body).toEqual({ message: '***', auth_tkn: '***' });
    expect(api.message).toBe('HTTP 500 ***');
    const fault = new SoapFaultError('fault', {
      vendor: 'nagra-apubi',
      operation: 'LoadAsset',
      faultCode: 'Server',
      faultString: `bad ${SECRET}`,
      detail: { why: SECRET },
    });
    expect(fault.faultString).toBe('bad ***');
    expect(fault.detail).toEqual({ why: '***' });
  });

  it('the shared redactor leaves short secrets to their own client (no word scrubbed from every message)', () => {
    createRedactor(['k', 'aspera']);
    expect(sharedRedactor().text('aspera-orchestrator getWorkOrder failed')).toBe('aspera-orchestrator getWorkOrder failed');
    expect(createRedactor(['aspera']).text('aspera-orchestrator')).toBe('***-orchestrator');
  });

  it('the shared redactor forgets nothing it was recently given, and keeps a bound', () => {
    for (let i = 0; i < 3000; i++) createRedactor([`rotating-token-${i}-abcdef`]);
    expect(sharedRedactor().text('x rotating-token-2999-abcdef y')).toBe('x *** y');
  });

  it('waitForJob names an object reference by its fields, not [object Object], and scrubs the vendor status', async () => {
    vi.useFakeTimers();
    try {
      createRedactor([SECRET]);
      const source: JobSource<{ workOrderId: string; stepId: number }> = {
        vendor: 'aspera-orchestrator',
        // Never answers: the deadline aborts the poll, and the wait ends.
        getJobStatus: (_ref, options) =>
          new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      };
      const wait = waitForJob(source, { workOrderId: '7', stepId: 3 }, { timeoutMs: 1000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1000);
      const error = (await wait) as WaitTimeoutError;
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error.message).toBe('aspera-orchestrator: job workOrderId 7, stepId 3 did not finish within 1000 ms');

      let polls = 0;
      const running: JobSource = {
        vendor: 'aspera-orchestrator',
        getJobStatus: async () => {
          polls++;
          return { ...status(`In Progress ${SECRET}`, {}), vendor: 'aspera-orchestrator' };
        },
      };
      const wait2 = waitForJob(running, 'j', { timeoutMs: 3000, minDelayMs: 1000, random: () => 0 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(3000);
      const error2 = (await wait2) as WaitTimeoutError;
      expect(polls).toBeGreaterThan(1);
      expect(error2.message).toBe('aspera-orchestrator: job job-1 did not finish within 3000 ms (last status: In Progress ***)');
    } finally {
      vi.useRealTimers();
    }
  });
});
