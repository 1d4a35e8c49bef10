import { describe, expect, it } from 'vitest';
import { captureRequest, captureResponse, readCapped } from '../src/capture.js';

const stream = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

describe('what check --record captures', () => {
  it('cuts a body at the limit, and says so', async () => {
    expect(await readCapped(stream('abc', 'def', 'ghi'), 5)).toEqual({ text: 'abcde', truncated: true });
    expect(await readCapped(stream('abc', 'de'), 5)).toEqual({ text: 'abcde', truncated: false });
    expect(await readCapped(null)).toEqual({ text: '', truncated: false });
  });

  it('keeps every Set-Cookie of an answer, so the recorder learns each value', async () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'JSESSIONID=first-session; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
    headers.append('set-cookie', 'XSRF=second-value; Path=/');
    const response = new Response('{"ok":true}', { status: 201, headers });
    const captured = await captureResponse(response);
    expect(captured.status).toBe(201);
    expect(captured.body).toBe('{"ok":true}');
    expect(captured.truncated).toBeUndefined();
    expect(captured.headers['set-cookie']).toBe(
      'JSESSIONID=first-session; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT, XSRF=second-value; Path=/',
    );
    // The client still reads the whole body: the capture read a copy.
    expect(await response.json()).toEqual({ ok: true });
  });

  it('reads the request from a copy: a form body with the content type fetch gives it, or a Request', async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_secret: 's3cret' });
    const init = { method: 'POST', headers: { accept: 'application/json' }, body };
    const form = await captureRequest('http://127.0.0.1:9/webapi/oauth2/token', init);
    expect(form).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:9/webapi/oauth2/token',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'grant_type=client_credentials&client_secret=s3cret',
    });
    const request = new Request('http://127.0.0.1:9/a?b=1', {
      method: 'PUT',
      body: '<x/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(await captureRequest(request, undefined)).toEqual({
      method: 'PUT',
      url: 'http://127.0.0.1:9/a?b=1',
      headers: { 'content-type': 'text/xml' },
      body: '<x/>',
    });
    expect(await request.text()).toBe('<x/>');
    expect((await captureRequest('http://127.0.0.1:9/a', undefined)).body).toBeUndefined();
  });
});
