import { describe, expect, it } from 'vitest';
import { bufferedResponse } from '../src/internal.js';

describe('bufferedResponse', () => {
  it('answers json() with the value parsed already, once', async () => {
    const parsed = { a: 1 };
    const response = bufferedResponse('{"a":1}', { status: 200 }, { parsed });
    expect(await response.json()).toBe(parsed);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('parses the text when nothing was parsed, and adds the Content-Type a text Response would', async () => {
    const response = bufferedResponse('{"b":2}', { status: 201, statusText: 'Created' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await response.json()).toEqual({ b: 2 });
  });

  it('streams the original bytes, not the decoded text', async () => {
    const bytes = new Uint8Array([0xff, 0x41]);
    const response = bufferedResponse('\ufffdA', { headers: { 'content-type': 'text/plain' } }, { bytes });
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0xff, 0x41]);
  });

  it('clones while unread, with the same status, headers and body', async () => {
    const response = bufferedResponse('hello', { status: 202, headers: { 'x-a': '1' } });
    const copy = response.clone();
    expect(copy.status).toBe(202);
    expect(copy.headers.get('x-a')).toBe('1');
    expect(await copy.text()).toBe('hello');
    expect(await response.text()).toBe('hello');
    expect(() => response.clone()).toThrow(TypeError);
  });
});
