/**
 * The fetch wrapper that reads ELMA's body `status`: which bodies it turns into errors (the quick
 * text test must never let an error status through), and the buffered response it hands on.
 */
import { describe, expect, it, vi } from 'vitest';
import { bodyStatusFetch } from '../src/envelope.js';
import { HTTP_STATUS_HEADER } from '../src/errors.js';

const request = () => new Request('http://elma.test/v1/orchestra/task/status', { method: 'POST', body: '{}' });
/** The class is defined on first use (not exported): it is recognized by name. */
const isBuffered = (response: Response) => response.constructor.name === 'BufferedResponse';
const answer = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }, status = 200) =>
  bodyStatusFetch(async () => new Response(body, { status, headers }))(request());

describe('bodyStatusFetch: the body status', () => {
  it.each([
    ['{"status": 404, "error": "task 1 not found"}', 404],
    ['{"status":503}', 503],
    ['{ "status" :\t401 }', 401],
    ['{"status": 4.04e2}', 404],
    ['{"status": 404.0}', 404],
    ['{"st\\u0061tus": 403}', 403],
    ['{"\\u0073tatus": 409}', 409],
    ['{"status": 200, "status": 500}', 500],
    ['\uFEFF{"status": 404}', 404],
  ])('%s → HTTP %i, the real status kept in the header', async (body, status) => {
    const response = await answer(body);
    expect(response.status).toBe(status);
    expect(response.statusText).toBe('(status in the body; HTTP 200)');
    expect(response.headers.get(HTTP_STATUS_HEADER)).toBe('200');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(body.replace(/^\uFEFF/, ''));
  });

  it.each([
    ['{"status": 200, "task": {"id": 1, "status": "DONE"}}'],
    ['{"status": 201}'],
    ['{"status": 700}'],
    ['{"status": 404.5}'],
    ['{"status": "404"}'],
    ['{"status": 200, "task": {"status": 404}}'],
    ['{"status": 200, "log": "[ERR] got {\\"status\\": 404} from the ERP"}'],
    ['{"status": 404, "status": 200}'],
    ['[{"status": 404}]'],
    ['{"status": 404'],
    ['not json "status": 404'],
    [''],
  ])('%s is not an error: status 200, body as sent', async (body) => {
    const response = await answer(body);
    expect(response.status).toBe(200);
    expect(response.headers.get(HTTP_STATUS_HEADER)).toBeNull();
    expect(await response.text()).toBe(body);
  });

  it('parses the body only when its text may hold an error status', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    await answer('{"status": 200, "task": {"id": 1, "status": "DONE", "log": "long…"}}');
    expect(parse).not.toHaveBeenCalled();
    await answer('{"status": 200, "task": {"status": 404}}');
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('leaves HTTP errors and non-JSON answers alone (the same Response)', async () => {
    const error = new Response('{"status": 404}', { status: 404, headers: { 'content-type': 'application/json' } });
    const file = new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'application/octet-stream' } });
    for (const original of [error, file]) {
      expect(await bodyStatusFetch(async () => original)(request())).toBe(original);
    }
  });

  it('streams a body longer than the peek on, whole and unchanged', async () => {
    const big = `{"status": 200, "log": "${'x'.repeat(100)}"}`;
    const response = await bodyStatusFetch(
      async () => new Response(big, { headers: { 'content-type': 'application/json' } }),
      16,
    )(request());
    expect(isBuffered(response)).toBe(false);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(big);
  });

  it('sends nothing once the request is aborted', async () => {
    let calls = 0;
    const reason = new Error('stop');
    const aborted = new Request('http://elma.test/x', { signal: AbortSignal.abort(reason) });
    await expect(
      bodyStatusFetch(async () => {
        calls += 1;
        return new Response('{}');
      })(aborted),
    ).rejects.toBe(reason);
    expect(calls).toBe(0);
  });
});

describe('BufferedResponse: a body read whole, handed on without a new stream', () => {
  it('keeps status, headers and text, and json() parses it', async () => {
    const response = await answer('{"status": 200, "n": 1}', { 'content-type': 'application/json', 'content-length': '23' });
    expect(isBuffered(response)).toBe(true);
    expect(response).toBeInstanceOf(Response);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-length')).toBe('23');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ status: 200, n: 1 });
    expect(response.bodyUsed).toBe(true);
  });

  it('is read once, as a real Response: a second read and a clone after it fail', async () => {
    const response = await answer('{"status": 200}');
    expect(await response.text()).toBe('{"status": 200}');
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
    await expect(response.json()).rejects.toBeInstanceOf(TypeError);
    await expect(response.arrayBuffer()).rejects.toBeInstanceOf(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('clone() before reading gives an independent copy', async () => {
    const response = await answer('{"status": 200, "a": [1]}');
    const copy = response.clone();
    expect(isBuffered(copy)).toBe(true);
    expect(await copy.text()).toBe('{"status": 200, "a": [1]}');
    expect(await response.json()).toEqual({ status: 200, a: [1] });
    expect(copy.status).toBe(200);
  });

  it('hands bytes on exactly, also text that is not UTF-8 (a small text/plain file)', async () => {
    const cp1251 = new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x0a, 0xff]); // "Привет\n" in windows-1251, then 0xFF
    const viaBody = await answer(cp1251, { 'content-type': 'text/plain' });
    expect(isBuffered(viaBody)).toBe(true);
    const chunks: number[] = [];
    const reader = (viaBody.body as ReadableStream<Uint8Array>).getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(...part.value);
    expect(chunks).toEqual([...cp1251]);
    const viaBuffer = await answer(cp1251, { 'content-type': 'text/plain' });
    expect([...new Uint8Array(await viaBuffer.arrayBuffer())]).toEqual([...cp1251]);
    const viaBlob = await answer(cp1251, { 'content-type': 'text/plain' });
    expect([...new Uint8Array(await (await viaBlob.blob()).arrayBuffer())]).toEqual([...cp1251]);
  });

  it('decodes text as Response.text() does: UTF-8, BOM dropped, bad bytes as U+FFFD', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":"é"}'), 0xff]);
    const expected = await new Response(bytes).text();
    expect(await (await answer(bytes)).text()).toBe(expected);
  });
});
