/**
 * The server kit called by a SOAP client nobody on this project wrote: zeep (Python, Debian's
 * python3-zeep; test/interop/zeep_client.py), as NAGRA's Workflow Manager would call it — from the
 * WSDL the kit serves, and from a copy of it whose soapAction values differ (NAGRA's own WSDL is
 * not public, so a WFM's soapAction values are not ours). Every operation and every fault, with
 * MetaData and tricky text; zeep must read each fault's code and message, and no fault may carry
 * internal error text. The kit runs on 127.0.0.1 and a free port, started and stopped here.
 * Skipped, saying why, when Debian's python3-zeep / python3-spyne are not installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApubiFault,
  type ApubiMetaData,
  type ApubiMetaDataNode,
  type ApubiServer,
  createApubiServer,
  type LoadAssetRequest,
  type PurgeAssetRequest,
  writeMetaData,
} from '../src/index.js';
import { runZeep, whyNoPython } from './interop/python.js';

const skipped = whyNoPython();
const NS = 'wfm:APUBI/v1/schemas';
const TRICKY = '  Fish & Chips <b>"q"</b> \'a\'\r\n\tÜ 日本 🎬 <![CDATA[x]]> ]]>  ';
const INTERNAL = "TypeError: Cannot read properties of undefined (reading 'path') at /srv/publisher/secret.js";
const AUTH = { username: 'wfm', password: 'interop-pw' };

type ZeepResult =
  | { ok: unknown; soapAction: string | null }
  | { fault: { code: string; message: string; detailMessage: string | null }; status: number; soapAction: string | null }
  | { error: string; status: number | null; soapAction: string | null };

interface Call {
  operation: 'LoadAsset' | 'PurgeAsset' | 'GetTaskStatus';
  /** `{ $skip: true }` leaves the element out. */
  args: Record<string, string | { $skip: true }>;
  metadataXml?: string;
}

/** MetaData as zeep sends it: the element in the APUBI namespace, content exactly as jobwire writes it. */
const metadataXml = (meta: ApubiMetaData | string) => writeMetaData(meta).replace(/^<MetaData/, `<MetaData xmlns="${NS}"`);

/** MetaData with element names without their prefix: zeep (lxml) writes the APUBI namespace with a prefix of its own (`ns0:`). */
function unprefixed(meta: ApubiMetaData | undefined): ApubiMetaData | undefined {
  const strip = (nodes: readonly ApubiMetaDataNode[]): ApubiMetaDataNode[] =>
    nodes.map((n) =>
      typeof n === 'string'
        ? n
        : { ...n, name: n.name.replace(/^[\w.-]+:/, ''), ...(n.children ? { children: strip(n.children) } : {}) },
    );
  return meta && { ...meta, children: strip(meta.children) };
}

const STRUCTURED: ApubiMetaData = {
  attributes: { version: '1 & 2' },
  children: [
    '\n  ',
    { name: 'Title', attributes: { lang: 'en' }, children: ['WALL·E & EVE <3'] },
    '\n  ',
    { name: 'Comment', children: [TRICKY] },
    '\n',
  ],
};

describe.skipIf(skipped !== undefined)(
  skipped ? `zeep → the server kit: skipped, ${skipped}` : 'an independent client (zeep) → the server kit',
  () => {
    let server: ApubiServer;
    let endpoint = '';
    let folder = '';
    const loads: LoadAssetRequest[] = [];
    const purges: PurgeAssetRequest[] = [];
    const wsdls: Record<string, string> = {};

    beforeAll(async () => {
      server = createApubiServer(
        {
          loadAsset(request) {
            loads.push(request);
            if (request.sourceAssetUrl.includes('missing'))
              throw new ApubiFault('Source asset does not exist', { code: 'Client' });
            if (request.sourceAssetUrl.includes('crash')) throw new TypeError(INTERNAL);
            return { taskId: request.destinationAsset === 'tricky-task-id' ? TRICKY : `load-${loads.length}` };
          },
          purgeAsset(request) {
            purges.push(request);
            if (request.destinationAsset === 'undeletable') throw new ApubiFault('Not able to delete Destination asset');
            return { taskId: `purge-${purges.length}` };
          },
          getTaskStatus({ taskId }) {
            if (taskId === 'missing') throw new ApubiFault('Task Id does not exist');
            if (taskId === 'success') return { status: 'SUCCESS', destinationAsset: 'movie_01072015100045' };
            if (taskId === TRICKY) return { status: 'SUCCESS', destinationAsset: TRICKY };
            if (taskId === 'failed') return { status: 'FAILED' };
            return { status: 'IN_PROGRESS' };
          },
        },
        { path: '/apubi', basicAuth: AUTH },
      );
      endpoint = await server.listen();
      folder = mkdtempSync(join(tmpdir(), 'apubi-zeep-'));
      const served = await (await fetch(`${endpoint}?wsdl`)).text();
      expect(served).toContain('soapAction="wfm:APUBI/v1/LoadAsset"');
      wsdls.served = `${endpoint}?wsdl`;
      // A WFM whose WSDL names other soapAction values (NAGRA's are not public), and one with none.
      for (const [name, action] of [
        ['other soapAction values', (op: string) => `urn:nagra:wfm:apubi:${op}Request`],
        ['empty soapAction values', () => ''],
      ] as const) {
        const file = join(folder, `${name.replace(/\W+/g, '-')}.wsdl`);
        const text = served.replace(/soapAction="wfm:APUBI\/v1\/(\w+)"/g, (_m, op: string) => `soapAction="${action(op)}"`);
        expect(text).not.toContain('soapAction="wfm:APUBI');
        writeFileSync(file, text);
        wsdls[name] = file;
      }
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    const call = (wsdl: string, calls: Call[]) => runZeep<ZeepResult[]>({ wsdl: wsdls[wsdl], endpoint, ...AUTH, calls });

    for (const wsdl of ['served', 'other soapAction values', 'empty soapAction values']) {
      describe(`with the ${wsdl === 'served' ? 'WSDL the kit serves' : `WSDL with ${wsdl}`}`, () => {
        it('LoadAsset, PurgeAsset and GetTaskStatus are served; every value reaches the handler exactly', async () => {
          loads.length = 0;
          purges.length = 0;
          const results = await call(wsdl, [
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts', DestinationAsset: TRICKY },
              metadataXml: metadataXml(STRUCTURED),
            },
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://cis/a.ts', DestinationAsset: 'a.ts' },
              metadataXml: metadataXml(TRICKY),
            },
            {
              operation: 'PurgeAsset',
              args: { DestinationAsset: 'Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4\n' },
            },
            { operation: 'GetTaskStatus', args: { TaskId: 'success' } },
            { operation: 'GetTaskStatus', args: { TaskId: 'in-progress' } },
            { operation: 'GetTaskStatus', args: { TaskId: 'failed' } },
          ]);
          expect(results.map((r) => ('ok' in r ? r.ok : r))).toEqual([
            'load-1',
            'load-2',
            'purge-1',
            { Status: 'SUCCESS', DestinationAsset: 'movie_01072015100045' },
            { Status: 'IN_PROGRESS', DestinationAsset: null },
            { Status: 'FAILED', DestinationAsset: null },
          ]);
          expect({ ...loads[0], metadata: unprefixed(loads[0]?.metadata) }).toEqual({
            sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
            destinationAsset: TRICKY,
            metadata: STRUCTURED,
          });
          expect(loads[1]?.metadata).toEqual({ children: [TRICKY] });
          expect(purges[0]).toEqual({ destinationAsset: 'Test_Encryption_GenericAssetContent_01/TestAsset_1080p.mp4\n' });
        });

        it('identifiers with tricky text go out and come back exactly', async () => {
          const [load, status] = await call(wsdl, [
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://cis/a.ts', DestinationAsset: 'tricky-task-id' },
              metadataXml: metadataXml(''),
            },
            { operation: 'GetTaskStatus', args: { TaskId: TRICKY } },
          ]);
          // zeep (lxml) reads the CR that the kit writes as a character reference: exact.
          expect(load).toMatchObject({ ok: TRICKY });
          expect(status).toMatchObject({ ok: { Status: 'SUCCESS', DestinationAsset: TRICKY } });
        });

        it.each([
          [
            'a handler fault (Client)',
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://cis/missing.ts', DestinationAsset: 'd' },
              metadataXml: metadataXml(''),
            },
            'Client',
            'Source asset does not exist',
            400,
          ],
          [
            'a handler fault (Server)',
            { operation: 'PurgeAsset', args: { DestinationAsset: 'undeletable' } },
            'Server',
            'Not able to delete Destination asset',
            500,
          ],
          [
            'the documented GetTaskStatus fault',
            { operation: 'GetTaskStatus', args: { TaskId: 'missing' } },
            'Server',
            'Task Id does not exist',
            500,
          ],
        ] as const)(
          '%s: zeep reads the faultcode, faultstring and ExceptionWS message',
          async (_name, request, code, message, status) => {
            const [result] = await call(wsdl, [request as Call]);
            expect(result).toMatchObject({ fault: { message, detailMessage: message }, status });
            const fault = (result as { fault: { code: string } }).fault;
            expect(fault.code).toMatch(new RegExp(`^[\\w.-]+:${code}$`));
          },
        );

        it('a request the kit refuses (no TaskId): a soap:Client fault zeep reads, HTTP 400', async () => {
          const [result] = await call(wsdl, [{ operation: 'GetTaskStatus', args: { TaskId: { $skip: true } } }]);
          expect(result).toMatchObject({ status: 400 });
          const fault = (result as { fault: { code: string; message: string } }).fault;
          expect(fault.code).toMatch(/^[\w.-]+:Client$/);
          expect(fault.message).toMatch(/TaskId/);
        });

        it('an unexpected handler error: a generic soap:Server fault zeep reads, with no internal text', async () => {
          const [result] = await call(wsdl, [
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://cis/crash.ts', DestinationAsset: 'd' },
              metadataXml: metadataXml(''),
            },
          ]);
          expect(result).toMatchObject({ status: 500 });
          const fault = (result as { fault: { code: string; message: string; detailMessage: string | null } }).fault;
          expect(fault.code).toMatch(/^[\w.-]+:Server$/);
          expect(fault.message.length).toBeGreaterThan(0);
          expect(JSON.stringify(result)).not.toMatch(/TypeError|Cannot read|secret\.js|\/srv\//);
        });
      });
    }

    it('a kit that implements LoadAsset only: zeep reads the soap:Server fault of the other two, and LoadAsset works', async () => {
      const partial = createApubiServer({ loadAsset: () => ({ taskId: 'only-load' }) }, { path: '/apubi', basicAuth: AUTH });
      const partialEndpoint = await partial.listen();
      try {
        const results = await runZeep<ZeepResult[]>({
          wsdl: `${partialEndpoint}?wsdl`,
          endpoint: partialEndpoint,
          ...AUTH,
          calls: [
            {
              operation: 'LoadAsset',
              args: { SourceAssetUrl: 'ftp://cis/a.ts', DestinationAsset: 'a.ts' },
              metadataXml: metadataXml(''),
            },
            { operation: 'PurgeAsset', args: { DestinationAsset: 'a.ts' } },
            { operation: 'GetTaskStatus', args: { TaskId: 'only-load' } },
          ],
        });
        expect(results[0]).toMatchObject({ ok: 'only-load' });
        for (const [index, operation] of [
          [1, 'PurgeAsset'],
          [2, 'GetTaskStatus'],
        ] as const) {
          expect(results[index]).toMatchObject({
            status: 500,
            fault: { message: `${operation} is not implemented by this publishing server` },
          });
          expect((results[index] as { fault: { code: string } }).fault.code).toMatch(/^[\w.-]+:Server$/);
        }
      } finally {
        await partial.close();
      }
    });

    it('the kit refuses a request without credentials with a fault zeep reads (no anonymous access by accident)', async () => {
      const [result] = await runZeep<ZeepResult[]>({
        wsdl: wsdls['other soapAction values'],
        endpoint,
        calls: [{ operation: 'GetTaskStatus', args: { TaskId: 'success' } }],
      });
      expect(result).toMatchObject({ status: 401, fault: { message: expect.stringMatching(/\S/) } });
      expect((result as { fault: { code: string } }).fault.code).toMatch(/^[\w.-]+:Client$/);
      expect(JSON.stringify(result)).not.toContain(AUTH.password);
    });
  },
);
