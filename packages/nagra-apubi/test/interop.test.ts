/**
 * Interoperability with the unmodified node-soap library, both ways:
 * - our client against a server made directly with `soap.listen` from the WSDL (not our server kit);
 * - our server kit called by a client made directly with `soap.createClientAsync`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientAsync, listen } from 'soap';
import { afterEach, describe, expect, it } from 'vitest';
import { ApubiFault, createApubiServer, createNagraApubiClient, SoapFaultError, wsdlXml } from '../src/index.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A publishing server written the plain node-soap way: a service object and `soap.listen`. */
async function plainSoapServer() {
  const received: Array<{ operation: string; args: Record<string, unknown> }> = [];
  const service = {
    APUBIService: {
      APUBIPort: {
        LoadAsset(args: Record<string, unknown>) {
          received.push({ operation: 'LoadAsset', args });
          return { TaskId: 'load-7' };
        },
        PurgeAsset(args: Record<string, unknown>) {
          received.push({ operation: 'PurgeAsset', args });
          return { TaskId: 'purge-7' };
        },
        GetTaskStatus(args: { TaskId: string }) {
          received.push({ operation: 'GetTaskStatus', args });
          if (args.TaskId === 'broken') {
            throw {
              Fault: {
                faultcode: 'soap:Server',
                faultstring: 'Publisher down',
                detail: { ExceptionWS: { message: 'disk full' } },
              },
            };
          }
          return { Status: 'SUCCESS', DestinationAsset: ' vod/movie.ts ' };
        },
      },
    },
  };
  const http: Server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  listen(http, '/apubi', service, wsdlXml);
  closers.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(http.address() as AddressInfo).port}/apubi`, received };
}

describe('our client ↔ a plain soap.listen server built from the WSDL', () => {
  it('LoadAsset, PurgeAsset and GetTaskStatus round-trip, identifiers exact, text escaped both ways', async () => {
    const { endpoint, received } = await plainSoapServer();
    const client = createNagraApubiClient({ endpoint });
    const load = await client.loadAsset({
      sourceAssetUrl: 'ftp://repo.example/in/a&b.ts',
      destinationAsset: 'vod/<new>/',
      metadata: 'title="Q&A" ]]> end',
    });
    expect(load).toEqual({ taskId: 'load-7' });
    expect(received[0]).toEqual({
      operation: 'LoadAsset',
      args: { SourceAssetUrl: 'ftp://repo.example/in/a&b.ts', DestinationAsset: 'vod/<new>/', MetaData: 'title="Q&A" ]]> end' },
    });
    expect(await client.purgeAsset({ destinationAsset: 'vod/old.ts' })).toEqual({ taskId: 'purge-7' });
    expect(received[1]).toEqual({ operation: 'PurgeAsset', args: { DestinationAsset: 'vod/old.ts' } });
    const status = await client.getTaskStatus('load-7');
    expect(status.status).toBe('SUCCESS');
    // xs:string keeps white space: the destination is handed back exactly (WFM purges by it).
    expect(status.destinationAsset).toBe(' vod/movie.ts ');
    expect((await client.getJobStatus('load-7')).state).toBe('succeeded');
  });

  it('a fault thrown by the plain server becomes SoapFaultError with its code, string and detail message', async () => {
    const { endpoint } = await plainSoapServer();
    const error = await createNagraApubiClient({ endpoint }, { retry: false })
      .getTaskStatus('broken')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFaultError);
    const fault = error as SoapFaultError;
    expect(fault.faultCode).toMatch(/Server$/);
    expect(fault.faultString).toBe('Publisher down');
    expect(fault.detail).toMatchObject({ message: 'disk full' });
  });
});

describe('a plain node-soap client ↔ our server kit', () => {
  it('calls all three operations and gets a typed fault', async () => {
    const kit = createApubiServer(
      {
        loadAsset: ({ sourceAssetUrl }) => ({ taskId: `load:${sourceAssetUrl}` }),
        purgeAsset: ({ destinationAsset }) => ({ taskId: `purge:${destinationAsset}` }),
        getTaskStatus: ({ taskId }) => {
          if (taskId === 'nope') throw new ApubiFault('no such task', { code: 'Client' });
          return { status: 'SUCCESS', destinationAsset: 'vod/a.ts' };
        },
      },
      { path: '/apubi', allowAnonymous: true },
    );
    const endpoint = await kit.listen();
    closers.push(() => kit.close());
    const stock = await createClientAsync(`${endpoint}?wsdl`);
    const [loaded] = (await stock.LoadAssetAsync({ SourceAssetUrl: 'ftp://x/a&b', DestinationAsset: 'd', MetaData: 'm' })) as [
      { TaskId: string },
    ];
    expect(loaded.TaskId).toBe('load:ftp://x/a&b');
    const [purged] = (await stock.PurgeAssetAsync({ DestinationAsset: 'old' })) as [{ TaskId: string }];
    expect(purged.TaskId).toBe('purge:old');
    const [status] = (await stock.GetTaskStatusAsync({ TaskId: 't' })) as [{ Status: string; DestinationAsset: string }];
    expect(status).toEqual({ Status: 'SUCCESS', DestinationAsset: 'vod/a.ts' });
    const fault = (await stock.GetTaskStatusAsync({ TaskId: 'nope' }).catch((e: unknown) => e)) as {
      response: { status: number };
      root: { Envelope: { Body: { Fault: { faultstring: string; detail: { ExceptionWS: { message: string } } } } } };
    };
    expect(fault.response.status).toBe(400);
    expect(fault.root.Envelope.Body.Fault.faultstring).toBe('no such task');
    expect(fault.root.Envelope.Body.Fault.detail.ExceptionWS.message).toBe('no such task');
  });
});
