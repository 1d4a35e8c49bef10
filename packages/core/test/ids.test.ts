import { describe, expect, it } from 'vitest';
import { pathSegment, requestUrl, urlCache } from '../src/internal.js';

describe('pathSegment', () => {
  it('passes ordinary ids through untouched (they are encoded where they go)', () => {
    expect(pathSegment('66ebd18d3d6200007e000d8c', 'jobId')).toBe('66ebd18d3d6200007e000d8c');
    expect(pathSegment('a/b c?#%', 'jobId')).toBe('a/b c?#%');
    expect(pathSegment('...', 'jobId')).toBe('...');
    expect(pathSegment('.hidden', 'jobId')).toBe('.hidden');
  });

  it.each(['', '.', '..'])('refuses %j, which URL parsing would resolve away', (id) => {
    expect(() => pathSegment(id, 'jobId')).toThrow(
      new RangeError(`jobId must be a non-empty string other than "." and ".." (got ${JSON.stringify(id)})`),
    );
  });

  it('refuses a non-string passed from untyped code', () => {
    expect(() => pathSegment(undefined as unknown as string, 'workflowId')).toThrow(RangeError);
  });
});

describe('requestUrl', () => {
  it('fills path ids percent-encoded and drops one trailing slash of the base', () => {
    expect(requestUrl('http://h/api/', '/jobs/{jobId}/output/{outputId}', { jobId: 'a/b c', outputId: '?#' })).toBe(
      'http://h/api/jobs/a%2Fb%20c/output/%3F%23',
    );
  });

  it('encodes the query and leaves undefined values out', () => {
    expect(requestUrl('http://h', '/jobs', {}, { q: 'a&b=c', n: 2, on: true, skip: undefined })).toBe(
      'http://h/jobs?q=a%26b%3Dc&n=2&on=true',
    );
  });

  it('refuses ids that URL parsing would resolve', () => {
    expect(() => requestUrl('http://h', '/jobs/{jobId}', { jobId: '..' })).toThrow(RangeError);
    expect(() => requestUrl('http://h', '/jobs/{jobId}', {})).toThrow(RangeError);
  });
});

describe('urlCache', () => {
  it('builds a URL once per id and hands back the same string after', () => {
    let builds = 0;
    const url = urlCache((id) => {
      builds++;
      return requestUrl('http://h', '/jobs/{jobId}', { jobId: id });
    }, 2);
    const first = url('a b');
    expect(first).toBe('http://h/jobs/a%20b');
    expect(url('a b')).toBe(first);
    expect(builds).toBe(1);
    url('c');
    url('d'); // over the limit: starts over
    url('a b');
    expect(builds).toBe(4);
  });

  it('does not cache a refused id', () => {
    const url = urlCache((id) => requestUrl('http://h', '/jobs/{jobId}', { jobId: id }));
    expect(() => url('..')).toThrow(RangeError);
    expect(() => url('..')).toThrow(RangeError);
  });
});
