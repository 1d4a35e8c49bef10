import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  apiErrorClassFor,
  ConnectionError,
  InvalidStateError,
  isTransientError,
  JobwireError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  SoapFaultError,
  TimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from '../src/index.js';

const ctx = { vendor: 'alteryx-server', operation: 'getJob' } as const;

describe('error classes', () => {
  it('maps each HTTP status family to one class', () => {
    expect(apiErrorClassFor(401)).toBe(AuthenticationError);
    expect(apiErrorClassFor(403)).toBe(PermissionError);
    expect(apiErrorClassFor(404)).toBe(NotFoundError);
    expect(apiErrorClassFor(429)).toBe(RateLimitError);
    expect(apiErrorClassFor(500)).toBe(ServerError);
    expect(apiErrorClassFor(503)).toBe(ServerError);
    expect(apiErrorClassFor(400)).toBe(ApiError);
    expect(apiErrorClassFor(409)).toBe(ApiError);
  });

  it('every error is a JobwireError with vendor, operation and its own name', () => {
    const errors = [
      new ApiError('m', { ...ctx, status: 400 }),
      new AuthenticationError('m', { ...ctx, status: 401 }),
      new PermissionError('m', { ...ctx, status: 403 }),
      new NotFoundError('m', { ...ctx, status: 404 }),
      new InvalidStateError('m', { ...ctx, status: 400 }),
      new RateLimitError('m', { ...ctx, status: 429 }),
      new ServerError('m', { ...ctx, status: 500 }),
      new SoapFaultError('m', { ...ctx, faultCode: 'soap:Server', faultString: 'x' }),
      new ConnectionError('m', ctx),
      new TimeoutError('m', { ...ctx, timeoutMs: 5 }),
      new UnexpectedResponseError('m', ctx),
      new WaitTimeoutError('m', { ...ctx, timeoutMs: 5 }),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      'ApiError',
      'AuthenticationError',
      'PermissionError',
      'NotFoundError',
      'InvalidStateError',
      'RateLimitError',
      'ServerError',
      'SoapFaultError',
      'ConnectionError',
      'TimeoutError',
      'UnexpectedResponseError',
      'WaitTimeoutError',
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(JobwireError);
      expect(error).toBeInstanceOf(Error);
      expect(error.vendor).toBe('alteryx-server');
      expect(error.operation).toBe('getJob');
      expect(String(error)).toBe(`${error.name}: m`);
    }
    expect(errors[1]).toBeInstanceOf(ApiError);
    expect(errors[4]).toBeInstanceOf(ApiError);
  });

  it('toJSON carries the fields a log line needs', () => {
    const error = new NotFoundError('job 1 not found', { ...ctx, status: 404, body: { message: 'nope' }, headers: { a: 'b' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: 'job 1 not found',
      vendor: 'alteryx-server',
      operation: 'getJob',
      status: 404,
      body: { message: 'nope' },
      headers: { a: 'b' },
      attempts: 1,
    });
  });

  it('SoapFaultError keeps fault code, string and detail', () => {
    const error = new SoapFaultError('fault', {
      vendor: 'nagra-apubi',
      operation: 'LoadAsset',
      faultCode: 'env:Server',
      faultString: 'boom',
      detail: { message: 'disk' },
      status: 500,
    });
    expect(error.faultCode).toBe('env:Server');
    expect(error.faultString).toBe('boom');
    expect(error.detail).toEqual({ message: 'disk' });
    expect(error.status).toBe(500);
  });

  it('WaitTimeoutError carries the last status', () => {
    const lastStatus = {
      vendor: 'elma-rpa',
      id: '1',
      state: 'running',
      done: false,
      vendorStatus: 'EXECUTING',
      outputs: {},
      raw: {},
    } as const;
    const error = new WaitTimeoutError('late', { vendor: 'elma-rpa', operation: 'waitForJob', timeoutMs: 10, lastStatus });
    expect(error.lastStatus).toEqual(lastStatus);
    expect(error.timeoutMs).toBe(10);
  });

  it('isTransientError: 408, 429, 5xx, connection and timeout only', () => {
    expect(isTransientError(new ApiError('m', { ...ctx, status: 408 }))).toBe(true);
    expect(isTransientError(new RateLimitError('m', { ...ctx, status: 429 }))).toBe(true);
    expect(isTransientError(new ServerError('m', { ...ctx, status: 502 }))).toBe(true);
    expect(isTransientError(new ConnectionError('m', ctx))).toBe(true);
    expect(isTransientError(new TimeoutError('m', { ...ctx, timeoutMs: 1 }))).toBe(true);
    expect(isTransientError(new ApiError('m', { ...ctx, status: 400 }))).toBe(false);
    expect(isTransientError(new AuthenticationError('m', { ...ctx, status: 401 }))).toBe(false);
    expect(isTransientError(new NotFoundError('m', { ...ctx, status: 404 }))).toBe(false);
    expect(isTransientError(new UnexpectedResponseError('m', ctx))).toBe(false);
    expect(isTransientError(new TypeError('x'))).toBe(false);
  });
});
