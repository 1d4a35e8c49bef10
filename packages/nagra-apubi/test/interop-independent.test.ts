/**
 * The jobwire client against a publishing server nobody on this project wrote: spyne (Python,
 * Debian's python3-spyne), built from the same types as specs/nagra-apubi/apubi.wsdl
 * (test/interop/spyne_server.py), on 127.0.0.1 and a free port, started and stopped here. spyne
 * validates each request against its own schema (lxml) and tells what it read (GET /_received),
 * so these tests show that what the client sends is what an independent stack reads — MetaData
 * and tricky text included — and that the client reads that stack's answers and faults.
 * Skipped, saying why, when Debian's python3-zeep / python3-spyne are not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApubiMetaData, createNagraApubiClient, type NagraApubiClient, SoapFaultError } from '../src/index.js';
import { startSpyneServer, whyNoPython } from './interop/python.js';

const skipped = whyNoPython();

/** What spyne read from one request. */
interface Received {
  operation: string;
  fields: Record<string, string>;
  metadata: ApubiMetaData | null;
  soapAction: string | null;
}

// The same text as TRICKY in spyne_server.py.
const TRICKY = '  Fish & Chips <b>"q"</b> \'a\'\r\n\tÜ 日本 🎬 <![CDATA[x]]> ]]>  ';
const LONG = `${'0123456789 <&> é '.repeat(20_000)}end`; // about 360 KB

describe.skipIf(skipped !== undefined)(
  skipped ? `jobwire client ↔ spyne: skipped, ${skipped}` : 'jobwire client ↔ an independent server (spyne)',
  () => {
    let endpoint = '';
    let stop: () => Promise<void> = async () => {};
    let client: NagraApubiClient;

    beforeAll(async () => {
      ({ endpoint, stop } = await startSpyneServer());
      client = createNagraApubiClient({ endpoint }, { retry: false });
    }, 60_000);
    afterAll(() => stop());

    /** What spyne read from the last request. */
    async function lastReceived(): Promise<Received> {
      const all = (await (await fetch(`${endpoint}_received`)).json()) as Received[];
      return all[all.length - 1] as Received;
    }

    it('LoadAsset: spyne reads the three fields as sent, plain-text MetaData exactly; the client reads its TaskId', async () => {
      const task = await client.loadAsset({
        sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
        destinationAsset: 'ftp://user:password@CDN:21/data/cdn/movie_01072015100045.ts',
        metadata: '  title=Movie 01 & "friends"\r\n',
      });
      expect(task.taskId).toMatch(/^load-\d+$/);
      const received = await lastReceived();
      expect(received.operation).toBe('LoadAsset');
      expect(received.fields).toEqual({
        SourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
        DestinationAsset: 'ftp://user:password@CDN:21/data/cdn/movie_01072015100045.ts',
      });
      expect(received.metadata).toEqual({ children: ['  title=Movie 01 & "friends"\r\n'] });
      expect(received.soapAction).toBe('"wfm:APUBI/v1/LoadAsset"');
    });

    it('LoadAsset: structured MetaData arrives as the same elements, attributes and text, in order', async () => {
      const metadata: ApubiMetaData = {
        attributes: { version: '1 & 2' },
        children: [
          '\n  ',
          { name: 'Title', attributes: { lang: 'en', note: 'tab\there "q"' }, children: ['WALL·E & EVE <3'] },
          '\n  ',
          { name: 'Empty' },
          { name: 'Title', children: [TRICKY] },
          { name: 'Rating', children: [{ name: 'Value', children: ['PG-13'] }, ' mixed text '] },
          '\n',
        ],
      };
      await client.loadAsset({ sourceAssetUrl: 'ftp://cis/a.ts', destinationAsset: 'a.ts', metadata });
      expect((await lastReceived()).metadata).toEqual(metadata);
    });

    it('every field carries tricky and very long text exactly, both ways', async () => {
      await client.loadAsset({ sourceAssetUrl: 'ftp://cis/a%20b.ts?x=1&y=2', destinationAsset: TRICKY, metadata: LONG });
      const received = await lastReceived();
      expect(received.fields.DestinationAsset).toBe(TRICKY);
      expect(received.fields.SourceAssetUrl).toBe('ftp://cis/a%20b.ts?x=1&y=2');
      expect(received.metadata).toEqual({ children: [LONG] });
      // A TaskId and a DestinationAsset made of the same text come back exactly, and go out again exactly.
      const { taskId } = await client.loadAsset({
        sourceAssetUrl: 'ftp://cis/a.ts',
        destinationAsset: 'tricky-task-id',
        metadata: '',
      });
      expect(taskId).toBe(TRICKY);
      await client.getTaskStatus(taskId);
      expect((await lastReceived()).fields).toEqual({ TaskId: TRICKY });
      const status = await client.getTaskStatus('tricky-destination', { kind: 'load' });
      expect(status.destinationAsset).toBe(TRICKY);
      await client.purgeAsset({ destinationAsset: status.destinationAsset as string });
      expect((await lastReceived()).fields).toEqual({ DestinationAsset: TRICKY });
    });

    it('PurgeAsset: with and without MetaData (the documented requests carry none)', async () => {
      const documented = 'Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4\n';
      expect((await client.purgeAsset({ destinationAsset: documented })).taskId).toMatch(/^purge-\d+$/);
      let received = await lastReceived();
      expect(received).toMatchObject({ operation: 'PurgeAsset', fields: { DestinationAsset: documented }, metadata: null });
      await client.purgeAsset({
        destinationAsset: 'movie_01072015102030',
        metadata: { children: [{ name: 'Reason', children: ['expired'] }] },
      });
      received = await lastReceived();
      expect(received.metadata).toEqual({ children: [{ name: 'Reason', children: ['expired'] }] });
      expect(received.soapAction).toBe('"wfm:APUBI/v1/PurgeAsset"');
    });

    it.each([
      ['in-progress', 'IN_PROGRESS', 'running', false, undefined],
      ['success', 'SUCCESS', 'succeeded', true, 'movie_01072015100045'],
      ['success-no-destination', 'SUCCESS', 'succeeded', true, undefined],
      ['failed', 'FAILED', 'failed', true, undefined],
      ['unknown-status', 'PAUSED', 'unknown', false, undefined],
    ])('GetTaskStatus %s: %s → %s', async (taskId, vendorStatus, state, done, destination) => {
      const status = await client.getJobStatus(taskId);
      expect(status.id).toBe(taskId);
      expect(status.vendorStatus).toBe(vendorStatus);
      expect(status.state).toBe(state);
      expect(status.done).toBe(done);
      expect(status.raw.destinationAsset).toBe(destination);
      expect(status.raw.missingDestinationAsset).toBe(taskId === 'success-no-destination');
      expect(await lastReceived()).toMatchObject({ operation: 'GetTaskStatus', fields: { TaskId: taskId } });
    });

    it('waitForJob ends on the final status spyne reports', async () => {
      const final = await client.waitForJob('success', { minDelayMs: 1, maxDelayMs: 1 });
      expect(final.state).toBe('succeeded');
      expect(final.outputs).toEqual({ destinationAsset: 'movie_01072015100045' });
    });

    it.each([
      ['getTaskStatus', () => client.getTaskStatus('missing'), 'Client', 'Task Id does not exist'],
      [
        'loadAsset',
        () => client.loadAsset({ sourceAssetUrl: 'ftp://cis/missing.ts', destinationAsset: 'd', metadata: '' }),
        'Client',
        'Source asset does not exist',
      ],
      [
        'purgeAsset',
        () => client.purgeAsset({ destinationAsset: 'undeletable' }),
        'Server',
        'Not able to delete Destination asset',
      ],
    ] as const)(
      '%s: a fault from spyne is a SoapFaultError with its code, string and ExceptionWS message',
      async (operation, call, code, message) => {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SoapFaultError);
        const fault = error as SoapFaultError;
        expect(fault.operation).toBe(operation);
        expect(fault.faultCode).toBe(`soap11env:${code}`);
        expect(fault.faultString).toBe(message);
        expect(fault.detail).toEqual({ message });
        expect(fault.status).toBe(500);
      },
    );
  },
);
