/**
 * The server kit on 127.0.0.1 with the package's own client: a real SOAP round trip both ways,
 * and the wire answers the Workflow Manager expects (200 on success, faults with 400/500).
 */
import { createClientAsync } from 'soap';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApubiFault,
  type ApubiHandlers,
  type ApubiServerOptions,
  AuthenticationError,
  createApubiServer,
  createNagraApubiClient,
  SoapFaultError,
} from '../src/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A tiny in-memory publisher: every load succeeds at the second status poll. */
function memoryPublisher() {
  const tasks = new Map<string, { polls: number; destination?: string }>();
  const seen: unknown[] = [];
  const handlers: ApubiHandlers = {
    loadAsset(request) {
      seen.push(request);
      const taskId = `load-${tasks.size + 1}`;
      tasks.set(taskId, { polls: 0, destination: `cdn:${request.destinationAsset}` });
      return { taskId };
    },
    async purgeAsset(request) {
      seen.push(request);
      const taskId = `purge-${tasks.size + 1}`;
      tasks.set(taskId, { polls: 0 });
      return { taskId };
    },
    getTaskStatus({ taskId }) {
      const task = tasks.get(taskId);
      if (!task) throw new ApubiFault('Task Id does not exist');
      task.polls++;
      if (task.polls < 2) return { status: 'IN_PROGRESS' };
      return task.destination ? { status: 'SUCCESS', destinationAsset: task.destination } : { status: 'SUCCESS' };
    },
  };
  return { handlers, seen };
}

async function start(handlers: ApubiHandlers, options: ApubiServerOptions = {}) {
  const server = createApubiServer(handlers, options);
  const endpoint = await server.listen();
  close = server.close;
  return { server, endpoint };
}

const post = (endpoint: string, body: string, headers: Record<string, string> = {}) =>
  fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });

describe('createApubiServer + createNagraApubiClient', () => {
  it('round trip: LoadAsset → IN_PROGRESS → SUCCESS with the destination, over HTTP on 127.0.0.1', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    expect(new URL(endpoint).pathname).toBe('/apubi');
    const client = createNagraApubiClient({ endpoint });
    const { taskId } = await client.loadAsset({ sourceAssetUrl: 'ftp://cis/movie.ts', destinationAsset: 'movie', metadata: 'm' });
    expect(taskId).toBe('load-1');
    expect(seen).toEqual([{ sourceAssetUrl: 'ftp://cis/movie.ts', destinationAsset: 'movie', metadata: 'm' }]);
    expect(await client.getTaskStatus(taskId)).toEqual({
      taskId,
      status: 'IN_PROGRESS',
      kind: 'load',
      missingDestinationAsset: false,
    });
    const final = await client.waitForJob(taskId, { minDelayMs: 1 });
    expect(final.state).toBe('succeeded');
    expect(final.outputs).toEqual({ destinationAsset: 'cdn:movie' });
  });

  it('PurgeAsset without MetaData reaches the handler without it', async () => {
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const client = createNagraApubiClient({ endpoint });
    expect(await client.purgeAsset({ destinationAsset: 'movie' })).toEqual({ taskId: 'purge-1' });
    expect(seen).toEqual([{ destinationAsset: 'movie' }]);
  });

  it('text with <, & and quotes arrives exactly as sent, and comes back escaped', async () => {
    const tricky = `a<b>&c "d" 'e' ]]>`;
    const { handlers, seen } = memoryPublisher();
    const { endpoint } = await start({
      ...handlers,
      loadAsset: (request) => {
        seen.push(request);
        return { taskId: tricky };
      },
    });
    const client = createNagraApubiClient({ endpoint });
    const task = await client.loadAsset({ sourceAssetUrl: 'ftp://h/x?a=1&b=2', destinationAsset: tricky, metadata: '<m/>' });
    expect(seen).toEqual([{ sourceAssetUrl: 'ftp://h/x?a=1&b=2', destinationAsset: tricky, metadata: '<m/>' }]);
    expect(task.taskId).toBe(tricky);
  });

  it('an ApubiFault becomes a SOAP fault with HTTP 500 and the ExceptionWS message', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(handlers);
    const error = await createNagraApubiClient({ endpoint })
      .getTaskStatus('nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    const fault = error as SoapFaultError;
    expect(fault.status).toBe(500);
    expect(fault.faultCode).toBe('soap:Server');
    expect(fault.faultString).toBe('Task Id does not exist');
    expect(fault.detail).toEqual({ message: 'Task Id does not exist' });
  });

  it('a Client fault is sent with 400', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start({
      ...handlers,
      loadAsset: () => {
        throw new ApubiFault('Source asset is missing or unreachable', { code: 'Client' });
      },
    });
    const error = (await createNagraApubiClient({ endpoint })
      .loadAsset({ sourceAssetUrl: 'ftp://x', destinationAsset: 'd', metadata: '' })
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.status).toBe(400);
    expect(error.faultCode).toBe('soap:Client');
    expect(error.faultString).toBe('Source asset is missing or unreachable');
  });

  it('other handler errors: 500 "Internal error" (nothing leaked), reported to onError', async () => {
    const onError = vi.fn();
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(
      {
        ...handlers,
        getTaskStatus: () => {
          throw new Error('db password=hunter2 refused');
        },
      },
      { onError },
    );
    const error = (await createNagraApubiClient({ endpoint }, { retry: false })
      .getTaskStatus('t')
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.faultString).toBe('Internal error');
    expect(error.status).toBe(500);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ operation: 'GetTaskStatus' });
  });

  it('a handler reply outside the interface is refused (500), not sent', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(
      { ...handlers, getTaskStatus: () => ({ status: 'DONE' as 'SUCCESS' }) },
      { onError: () => {} },
    );
    const error = (await createNagraApubiClient({ endpoint }, { retry: false })
      .getTaskStatus('t')
      .catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.faultString).toBe('Internal error');
  });

  it('basicAuth: wrong credentials → 401 fault → AuthenticationError; right ones pass', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start(handlers, { basicAuth: { username: 'wfm', password: 's3cret' } });
    const bad = createNagraApubiClient({ endpoint, username: 'wfm', password: 'wrong' });
    const error = await bad.purgeAsset({ destinationAsset: 'd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe('nagra-apubi PurgeAsset failed: HTTP 401: Unauthorized');
    const good = createNagraApubiClient({ endpoint, username: 'wfm', password: 's3cret' });
    expect((await good.purgeAsset({ destinationAsset: 'd' })).taskId).toBe('purge-1');
  });
});

describe('the wire', () => {
  it('success is 200 text/xml with the response element in the APUBI namespace', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await post(
      endpoint,
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>x</DestinationAsset></PurgeAsset></soap:Body></soap:Envelope>',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('<PurgeAssetResponse xmlns="wfm:APUBI/v1/schemas"><TaskId>purge-1</TaskId></PurgeAssetResponse>');
  });

  it('accepts the documented GetTaskStatus request verbatim', async () => {
    const { handlers } = memoryPublisher();
    const { endpoint } = await start({
      ...handlers,
      getTaskStatus: ({ taskId }) => ({ status: taskId === 'TestAssetA' ? 'IN_PROGRESS' : 'FAILED' }),
    });
    const documented = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
    <soap:Body>
        <GetTaskStatus xmlns="wfm:APUBI/v1/schemas" xmlns:ns2="wfm:/APUBI/v1/schemas">
            <TaskId>TestAssetA</TaskId>
        </GetTaskStatus>
    </soap:Body>
</soap:Envelope>`;
    const response = await post(endpoint, documented);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Status>IN_PROGRESS</Status>');
  });

  it.each([
    [
      'a missing required element',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTaskStatus xmlns="wfm:APUBI/v1/schemas"/></soap:Body></soap:Envelope>',
      'GetTaskStatus: TaskId is required',
    ],
    ['malformed XML', '<soap:Envelope><soap:Body>', 'Invalid XML'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', 'Invalid XML'],
    [
      'an unknown operation',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Hello/></soap:Body></soap:Envelope>',
      'Unknown operation',
    ],
  ])('%s → 400 Client fault', async (_name, body, message) => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await post(endpoint, body);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
    expect(text).toContain(message);
  });

  it('a body over the limit → 413', async () => {
    const { endpoint } = await start(memoryPublisher().handlers, { maxBodyBytes: 100 });
    const response = await post(endpoint, `<x>${'a'.repeat(200)}</x>`);
    expect(response.status).toBe(413);
  });

  it('GET ?wsdl serves the WSDL pointing at this endpoint; a node-soap client built from it works', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    const response = await fetch(`${endpoint}?wsdl`);
    expect(response.status).toBe(200);
    const wsdl = await response.text();
    expect(wsdl).toContain(`<soap:address location="${endpoint}"/>`);
    // Interop: a stock node-soap client (its own HTTP stack, the served WSDL) against the kit.
    const stock = await createClientAsync(`${endpoint}?wsdl`);
    const [result] = (await stock.PurgeAssetAsync({ DestinationAsset: 'x' })) as [{ TaskId: string }];
    expect(result.TaskId).toBe('purge-1');
  });

  it('other paths → 404, other methods → 405', async () => {
    const { endpoint } = await start(memoryPublisher().handlers);
    expect((await fetch(new URL('/other', endpoint))).status).toBe(404);
    expect((await fetch(endpoint, { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('mounts in a server of your own through handle()', async () => {
    const { createServer } = await import('node:http');
    const kit = createApubiServer(memoryPublisher().handlers, { path: '/publish/apubi' });
    const server = createServer((req, res) => void kit.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const { port } = server.address() as { port: number };
    const client = createNagraApubiClient({ endpoint: `http://127.0.0.1:${port}/publish/apubi` });
    expect((await client.purgeAsset({ destinationAsset: 'x' })).taskId).toBe('purge-1');
  });
});
