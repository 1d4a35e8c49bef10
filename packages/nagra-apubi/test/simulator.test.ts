import { createWsdlValidator } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createNagraApubiClient, SoapFaultError, wsdlXml } from '../src/index.js';
import { type NagraApubiSimulatorOptions, startNagraApubiSimulator } from '../src/simulator.js';

const schemaProblems = createWsdlValidator(wsdlXml).responseProblems;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(options: NagraApubiSimulatorOptions = {}) {
  let clock = 1_000_000;
  const sim = await startNagraApubiSimulator({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  const client = createNagraApubiClient({ endpoint: sim.url, ...sim.credentials }, { retry: false });
  return { sim, client, advance: (ms: number) => (clock += ms) };
}

const load = {
  sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
  destinationAsset: 'ftp://cdn/data/',
  metadata: 'm',
};

describe('NAGRA APUBI simulator', () => {
  it('listens on 127.0.0.1 and moves a LoadAsset task IN_PROGRESS → SUCCESS with its destination', async () => {
    const { sim, client, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(new URL(sim.url).pathname).toBe('/apubi');
    const { taskId } = await client.loadAsset(load);
    expect(taskId).toMatch(/^task-[0-9a-f]{16}$/);
    const queued = await client.getJobStatus(taskId);
    expect(queued.state).toBe('running');
    expect(queued.vendorStatus).toBe('IN_PROGRESS');
    advance(500);
    expect((await client.getJobStatus(taskId)).vendorStatus).toBe('IN_PROGRESS');
    advance(1000);
    const done = await client.getJobStatus(taskId);
    expect(done.state).toBe('succeeded');
    expect(done.vendorStatus).toBe('SUCCESS');
    // A directory destination gets the source's file name.
    expect(done.outputs).toEqual({ destinationAsset: 'ftp://cdn/data/movie.ts' });
    expect(done.raw.missingDestinationAsset).toBe(false);
    expect(done.detail).toBeUndefined();
  });

  it.each(['failed', 'cancelled'] as const)(
    'outcome %s is reported as FAILED (APUBI has no cancelled state)',
    async (outcome) => {
      const { client, advance } = await start({ outcome });
      const { taskId } = await client.loadAsset(load);
      advance(5000);
      const status = await client.getJobStatus(taskId);
      expect(status.state).toBe('failed');
      expect(status.vendorStatus).toBe('FAILED');
    },
  );

  it('purges a published asset; a purge task succeeds without a destination, and that is fine', async () => {
    const { client, advance } = await start();
    const { taskId } = await client.loadAsset({ ...load, destinationAsset: 'movie_01072015100045' });
    advance(5000);
    const published = await client.getTaskStatus(taskId);
    expect(published.destinationAsset).toBe('movie_01072015100045');
    const purge = await client.purgeAsset({ destinationAsset: 'movie_01072015100045' });
    advance(5000);
    const purged = await client.getJobStatus(purge.taskId);
    expect(purged.state).toBe('succeeded');
    expect(purged.raw.destinationAsset).toBeUndefined();
    expect(purged.raw.kind).toBe('purge');
    expect(purged.raw.missingDestinationAsset).toBe(false);
  });

  it('refuses to purge what is not published, with a fault', async () => {
    const { client } = await start();
    const error = (await client.purgeAsset({ destinationAsset: 'nothing-here' }).catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.status).toBe(500);
    expect(error.faultString).toBe('Destination asset cannot be deleted: nothing-here is not published');
  });

  it('answers an unknown task id with the documented fault', async () => {
    const { client } = await start();
    const error = (await client.getTaskStatus('task-0000000000000000').catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.status).toBe(500);
    // The server kit's envelope declares the SOAP namespace as `soap` (the samples say `soapenv`: any prefix will do).
    expect(error.faultCode).toBe('soap:Server');
    expect(error.faultString).toBe('Task Id does not exist');
    expect(error.detail).toEqual({ message: 'Task Id does not exist' });
  });

  it('an unreachable source is a fault', async () => {
    const { client } = await start();
    const error = (await client.loadAsset({ ...load, sourceAssetUrl: 'not a url' }).catch((e: unknown) => e)) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.faultString).toBe('Source asset is missing or unreachable');
  });

  it('rejects bad credentials with a 401 fault → AuthenticationError', async () => {
    const { sim } = await start();
    const bad = createNagraApubiClient(
      { endpoint: sim.url, username: sim.credentials.username, password: 'nope' },
      { retry: false },
    );
    const error = await bad.getTaskStatus('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).message).toBe('nagra-apubi getTaskStatus failed: HTTP 401: Unauthorized');
    const anonymous = createNagraApubiClient({ endpoint: sim.url }, { retry: false });
    await expect(anonymous.getTaskStatus('t')).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("every answer conforms to the WSDL's schema", async () => {
    const { sim, advance } = await start();
    const auth = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}`;
    const call = async (operation: string, inner: string) => {
      const response = await fetch(sim.url, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'text/xml; charset=utf-8', soapaction: `"wfm:APUBI/v1/${operation}"` },
        body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation} xmlns="wfm:APUBI/v1/schemas">${inner}</${operation}></soap:Body></soap:Envelope>`,
      });
      expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      return { status: response.status, text: await response.text() };
    };
    const loaded = await call(
      'LoadAsset',
      '<SourceAssetUrl>ftp://cis/movie.ts</SourceAssetUrl><DestinationAsset>movie_1</DestinationAsset><MetaData/>',
    );
    expect(loaded.status).toBe(200);
    expect(schemaProblems(loaded.text, 'LoadAssetResponse')).toEqual([]);
    const taskId = /<TaskId>([^<]+)<\/TaskId>/.exec(loaded.text)?.[1] ?? '';

    const running = await call('GetTaskStatus', `<TaskId>${taskId}</TaskId>`);
    expect(schemaProblems(running.text, 'GetTaskStatusResponse')).toEqual([]);
    advance(5000);
    const done = await call('GetTaskStatus', `<TaskId>${taskId}</TaskId>`);
    expect(done.text).toContain('<DestinationAsset>movie_1</DestinationAsset>');
    expect(schemaProblems(done.text, 'GetTaskStatusResponse')).toEqual([]);

    const purged = await call('PurgeAsset', '<DestinationAsset>movie_1</DestinationAsset>');
    expect(schemaProblems(purged.text, 'PurgeAssetResponse')).toEqual([]);

    const missing = await call('GetTaskStatus', '<TaskId>nope</TaskId>');
    expect(missing.status).toBe(500);
    expect(schemaProblems(missing.text, 'Fault')).toEqual([]);
    const bad = await call('GetTaskStatus', '');
    expect(bad.status).toBe(400);
    expect(schemaProblems(bad.text, 'Fault')).toEqual([]);

    // The checker itself can fail: a status outside StatusType and a missing Status are caught.
    const wrong = running.text.replace('IN_PROGRESS', 'DONE');
    expect(schemaProblems(wrong, 'GetTaskStatusResponse')).toEqual(['GetTaskStatusResponse/Status "DONE" is not a StatusType']);
    expect(schemaProblems(wrong.replace(/<Status>DONE<\/Status>/, ''), 'GetTaskStatusResponse')).toEqual([
      'GetTaskStatusResponse/Status is required',
    ]);
  });
});
