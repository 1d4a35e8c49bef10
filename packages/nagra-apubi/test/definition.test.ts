import { createProbeContext, MissingSettingsError, ProbeSkipped, type Settings } from '@jobwire/core/definition';
import type { Simulator } from '@jobwire/core/simulator';
import { startSteppedSession } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import definition, { definition as named } from '../src/definition.js';
import { type ApubiTaskStatusResult, type NagraApubiClient, SoapFaultError, wsdlXml } from '../src/index.js';

// The definition against the package's own simulator (the server kit), over real HTTP on
// 127.0.0.1. Simulated time moves 100 ms per request, so what each call sees does not depend on
// the machine's speed.
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function connect(extra: Settings = {}, lifecycle = { queuedMs: 100, runningMs: 300 }) {
  const started = await startSteppedSession(definition, { lifecycle, settings: extra });
  sim = started.simulator;
  return started;
}

const probeContext = (settings: Settings, writes: boolean) => createProbeContext(definition, settings, { writes });

describe('NAGRA APUBI definition', () => {
  it('describes the vendor: id, SOAP, neither cancel nor browser, the LoadAsset fields and a demo the simulator runs', async () => {
    expect(named).toBe(definition);
    expect(definition.id).toBe('nagra-apubi');
    expect(definition.title).toBe('NAGRA APUBI');
    expect(definition.protocol).toBe('soap');
    expect(definition.idHelp).toBe('the task id a LoadAsset or PurgeAsset call returned, e.g. task-1f2e3d4c5b6a7980');
    expect(definition.capabilities).toEqual({ cancel: false, browser: false });
    expect(definition.cannotCancel).toBe(
      'APUBI has LoadAsset, PurgeAsset and GetTaskStatus only: a publishing task runs to SUCCESS or FAILED',
    );
    expect(definition.openapi).toBeUndefined();
    expect(await definition.wsdl?.()).toBe(wsdlXml);
    expect(definition.start.what).toBe('a LoadAsset');
    expect(definition.start.fields.map((f) => [f.key, f.required ?? false, f.json ?? false])).toEqual([
      ['sourceAssetUrl', true, false],
      ['destinationAsset', true, false],
      ['metadata', false, false],
    ]);
    expect(definition.start.demo).toEqual({
      sourceAssetUrl: 'ftp://demo@127.0.0.1/repository/demo.ts',
      destinationAsset: 'demo/',
      metadata: 'jobwire demo',
    });
    expect(definition.settings.map((s) => s.key)).toEqual(['username', 'password', 'taskId', 'sourceAssetUrl']);
    expect(definition.settings.filter((s) => s.secret).map((s) => s.key)).toEqual(['password']);
    expect(definition.settings.filter((s) => s.checkOnly).map((s) => s.key)).toEqual(['taskId', 'sourceAssetUrl']);
  });

  it('the simulator settings: url, the Basic credentials and a source it publishes from', async () => {
    const { settings } = await connect();
    expect(settings).toEqual({
      url: sim?.url,
      username: 'sim-wfm',
      password: 'sim-password',
      sourceAssetUrl: 'ftp://demo@127.0.0.1/repository/demo.ts',
    });
    expect(new URL(settings.url ?? '').hostname).toBe('127.0.0.1');
  });

  it('starts the demo LoadAsset, reads the task and waits for it to be published; no cancel', async () => {
    const { session } = await connect();
    const client = session.client as NagraApubiClient;
    expect(client.vendor).toBe('nagra-apubi');
    expect(client.baseUrl).toBe(sim?.url);
    expect(session.cancelJob).toBeUndefined();
    const id = await session.startJob(definition.start.demo);
    expect(id).toMatch(/^task-[0-9a-f]{16}$/);
    const first = await session.getJobStatus(id);
    expect(first.vendor).toBe('nagra-apubi');
    expect(first.id).toBe(id);
    expect(first.state).toBe('running');
    expect(first.done).toBe(false);
    expect(first.vendorStatus).toBe('IN_PROGRESS');
    const progress: string[] = [];
    const final = await session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 2,
      onProgress: (status) => progress.push(status.vendorStatus),
    });
    expect(final.state).toBe('succeeded');
    expect(final.done).toBe(true);
    expect(final.vendorStatus).toBe('SUCCESS');
    // A directory destination gets the source's file name.
    expect(final.outputs).toEqual({ destinationAsset: 'demo/demo.ts' });
    expect((final.raw as ApubiTaskStatusResult).kind).toBe('load');
    expect(progress.at(-1)).toBe('SUCCESS');
  });

  it('starts from the fields: structured MetaData from JSON, none at all, and refuses what cannot be a LoadAsset', async () => {
    const { session } = await connect();
    const structured = await session.startJob({
      sourceAssetUrl: 'https://media.example.com/in/a.mxf',
      destinationAsset: 'out/a.mxf',
      metadata: { children: [{ name: 'Title', children: ['A'] }] },
    });
    expect(structured).toMatch(/^task-/);
    const bare = await session.startJob({ sourceAssetUrl: 'https://media.example.com/in/b.mxf', destinationAsset: 'out/b.mxf' });
    expect(bare).not.toBe(structured);
    await expect(session.startJob({ destinationAsset: 'out/' })).rejects.toThrow(
      new RangeError('the start needs sourceAssetUrl (a string), got nothing'),
    );
    await expect(session.startJob({ sourceAssetUrl: 'https://media.example.com/in/c.mxf' })).rejects.toThrow(
      new RangeError('the start needs destinationAsset (a string), got nothing'),
    );
    await expect(
      session.startJob({ sourceAssetUrl: 'https://media.example.com/in/c.mxf', destinationAsset: 'out/', metadata: [1] }),
    ).rejects.toThrow(new RangeError('the start\'s metadata must be text or structured MetaData ({ "children": [...] })'));
    // The publisher's own refusal is the vendor's typed fault.
    const fault = await session
      .startJob({ sourceAssetUrl: 'gopher://old.example.com/a', destinationAsset: 'out/' })
      .catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(SoapFaultError);
    expect((fault as SoapFaultError).faultString).toBe('Source asset is missing or unreachable');
  });

  it('connect names the missing settings: the url, or the other half of the Basic pair', () => {
    const missing = (settings: Settings) => {
      try {
        definition.connect(settings);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const noUrl = missing({ username: 'u', password: 'p' });
    expect(noUrl).toBeInstanceOf(MissingSettingsError);
    expect((noUrl as MissingSettingsError).vendor).toBe('nagra-apubi');
    expect((noUrl as MissingSettingsError).groups).toEqual([['url']]);
    expect((noUrl as MissingSettingsError).message).toBe('nagra-apubi needs url');
    for (const half of [{ username: 'u' }, { password: 'p' }]) {
      const error = missing({ url: 'http://127.0.0.1:9/apubi', ...half });
      expect(error).toBeInstanceOf(MissingSettingsError);
      expect((error as MissingSettingsError).groups).toEqual([['username', 'password']]);
    }
    // No credentials at all is a valid connection: the interface documents no authentication.
    expect(missing({ url: 'http://127.0.0.1:9/apubi' })).toBeUndefined();
  });

  it('probes run green against the simulator with writes on; without writes the reads that need a task skip', async () => {
    const { settings, session } = await connect();
    const withWrites = probeContext(settings, true);
    const results: Array<[string, string]> = [];
    for (const probe of session.probes) results.push([probe.name, await probe.run(withWrites)]);
    expect(results.map(([name]) => name)).toEqual([
      'an unknown task → the "Task Id does not exist" fault',
      'load an asset',
      'task status',
      'wait for the task',
    ]);
    expect(results[0]?.[1]).toBe('fault soap:Server: Task Id does not exist');
    expect(results[1]?.[1]).toMatch(/^task task-[0-9a-f]{16}$/);
    expect(results[2]?.[1]).toBe('running (IN_PROGRESS)');
    expect(results[3]?.[1]).toBe('succeeded (SUCCESS)');
    expect(session.probes.map((p) => p.write ?? false)).toEqual([false, true, false, true]);

    const readOnly = probeContext({ ...settings, sourceAssetUrl: undefined }, false);
    expect(await session.probes[0]?.run(readOnly)).toBe('fault soap:Server: Task Id does not exist');
    await expect(session.probes[2]?.run(readOnly)).rejects.toThrow(
      new ProbeSkipped('needs taskId (a setting, or found by a write probe)'),
    );
  });

  it('the unknown-task probe fails, saying so, on a server that answers a status for any id', async () => {
    const session = definition.connect(
      { url: 'http://publisher.test/apubi' },
      {
        fetch: async () =>
          new Response(
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetTaskStatusResponse xmlns="wfm:APUBI/v1/schemas"><Status>SUCCESS</Status></GetTaskStatusResponse></s:Body></s:Envelope>',
            { headers: { 'content-type': 'text/xml' } },
          ),
      },
    );
    await expect(session.probes[0]?.run(probeContext({}, false))).rejects.toThrow(
      new Error('an unknown task → the "Task Id does not exist" fault: the server found what should not exist'),
    );
  });
});
