/**
 * ELMA's body `status`: which JSON answers stand for an error (as `JSON.parse` reads them), and
 * what the transport makes of one — the error class, message, header and retries of that status.
 */
import { createRedactor, NotFoundError, ServerError } from '@jobwire/core';
import { createHttpTransport } from '@jobwire/core/internal';
import { describe, expect, it, vi } from 'vitest';
import { elmaBodyStatusPolicy } from '../src/body-status-policy.js';
import { elmaBodyStatus, HTTP_STATUS_HEADER, mapElmaError } from '../src/errors.js';

describe('elmaBodyStatus', () => {
  it.each([
    ['{"status": 404, "error": "task 1 not found"}', 404],
    ['{"status":503}', 503],
    ['{"status": 4.04e2}', 404],
    ['{"status": 404.0}', 404],
    ['{"st\\u0061tus": 403}', 403],
    ['{"status": 200, "status": 500}', 500],
  ])('%s → %i', (body, status) => {
    expect(elmaBodyStatus(JSON.parse(body))).toBe(status);
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
    ['null'],
  ])('%s is not an error', (body) => {
    expect(elmaBodyStatus(JSON.parse(body))).toBeUndefined();
  });
});

describe('the transport with elmaBodyStatusPolicy', () => {
  const transportOver = (answer: () => Response) => {
    const fetch = vi.fn(async () => answer());
    const transport = createHttpTransport({
      vendor: 'elma-rpa',
      redactor: createRedactor([]),
      fetch,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      policies: [elmaBodyStatusPolicy],
      mapError: mapElmaError,
    });
    return { transport, fetch };
  };
  const json = (body: string) => () => new Response(body, { headers: { 'content-type': 'application/json' } });

  it('turns 200 + {"status": 404} into NotFoundError, the real status kept in the header', async () => {
    const { transport } = transportOver(json('{"status": 404, "error": "task 1 not found"}'));
    const error = await transport.request({ url: 'http://elma.test/x' }, { operation: 'getTask' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as NotFoundError).message).toBe(
      'elma-rpa getTask failed: HTTP 404 (status in the body; HTTP 200): task 1 not found',
    );
    expect((error as NotFoundError).headers[HTTP_STATUS_HEADER]).toBe('200');
  });

  it('retries a read whose body says 503, as it would an HTTP 503', async () => {
    const { transport, fetch } = transportOver(json('{"status": 503}'));
    await expect(transport.request({ url: 'http://elma.test/x' }, { operation: 'getTask' })).rejects.toBeInstanceOf(ServerError);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('hands a JSON file that is no envelope on, byte for byte, and leaves other streams unread', async () => {
    const { transport } = transportOver(json('{"status": 200, "rows": [1, 2]}'));
    const file = await transport.request({ url: 'http://elma.test/f' }, { operation: 'download', body: 'stream' });
    expect(await new Response(file.body as ReadableStream).text()).toBe('{"status": 200, "rows": [1, 2]}');
    const bytes = new Uint8Array([0xff, 0x00, 0x7f]);
    const binary = transportOver(() => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
    const raw = await binary.transport.request({ url: 'http://elma.test/f' }, { operation: 'download', body: 'stream' });
    expect([...new Uint8Array(await new Response(raw.body as ReadableStream).arrayBuffer())]).toEqual([0xff, 0x00, 0x7f]);
  });

  it('turns a streamed JSON error envelope into the typed error', async () => {
    const { transport } = transportOver(json('{"status": 404, "error": "file a.txt not found"}'));
    const error = await transport
      .request({ url: 'http://elma.test/f' }, { operation: 'downloadTaskFile', body: 'stream' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('file a.txt not found');
  });
});
