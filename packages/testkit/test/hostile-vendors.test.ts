/**
 * Every vendor's client against a hostile node:http server on 127.0.0.1 (issue 23): redirects to
 * another origin, answers without end, gzip bombs, huge error bodies, downloads cut mid-stream.
 * The vendors are loaded by name (the testkit does not depend on them; Vitest resolves them to
 * their sources), so this file only knows the few methods it calls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  ApiError,
  ConnectionError,
  DEFAULT_MAX_RESPONSE_BYTES,
  type JobSource,
  RedirectError,
  UnexpectedResponseError,
} from '@jobwire/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../src/scripted-server.js';

const SECRET = 'HOSTILE-secret-7f3a9c41';

interface Hostile {
  url: string;
  /** Requests seen: URL, headers and body, to look for secrets. */
  seen: string[];
  /** Bytes written to the client in all. */
  written: number;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function startHostile(): Promise<Hostile> {
  const state: Hostile = {
    url: '',
    seen: [],
    written: 0,
    handle: (_req, res) => res.end(),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString('utf8')}`);
      state.handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Writes `chunk` until the client goes away (or `limit` bytes), counting what was written. */
function flood(server: Hostile, res: ServerResponse, chunk: Buffer, limit = 200 * 1024 * 1024): void {
  const pump = (): void => {
    while (!res.destroyed && server.written < limit) {
      server.written += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => res.destroy());
  pump();
}

// biome-ignore lint/suspicious/noExplicitAny: vendors are loaded by name; only the calls below are used.
type AnyClient = JobSource<any> & Record<string, any>;
interface VendorCase {
  name: string;
  pkg: string;
  make: (mod: Record<string, (...args: unknown[]) => AnyClient>, url: string) => AnyClient;
  ref: unknown;
  /** A streamed download, where the vendor has one. */
  download?: (client: AnyClient) => Promise<{ body: ReadableStream<Uint8Array> }>;
}

/** The vendor's factory by name (it throws when the package does not export it). */
function factory(mod: Record<string, (...args: unknown[]) => AnyClient>, name: string): (...args: unknown[]) => AnyClient {
  const make = mod[name];
  if (!make) throw new Error(`${name} is not exported`);
  return make;
}

const options = { retry: false };
const VENDORS: VendorCase[] = [
  {
    name: 'alteryx-server',
    pkg: '@jobwire/alteryx-server',
    make: (m, url) => factory(m, 'createAlteryxServerClient')({ baseUrl: url, accessToken: SECRET }, options),
    ref: 'job-1',
    download: (c) => c.downloadJobOutput('job-1', 'out-1', { format: 'Raw' }),
  },
  {
    name: 'aspera-orchestrator (query credentials)',
    pkg: '@jobwire/aspera-orchestrator',
    make: (m, url) =>
      factory(m, 'createAsperaOrchestratorClient')(
        { baseUrl: url, auth: { type: 'query', login: 'admin', password: SECRET } },
        options,
      ),
    ref: { workOrderId: '7' },
  },
  {
    name: 'alteryx-server (client credentials: the token request is redirected)',
    pkg: '@jobwire/alteryx-server',
    make: (m, url) =>
      factory(m, 'createAlteryxServerClient')({ baseUrl: url, clientId: 'jobwire', clientSecret: SECRET }, options),
    ref: 'job-1',
  },
  {
    name: 'aspera-orchestrator (query API key)',
    pkg: '@jobwire/aspera-orchestrator',
    make: (m, url) =>
      factory(m, 'createAsperaOrchestratorClient')(
        { baseUrl: url, auth: { type: 'query', login: 'admin', apiKey: SECRET } },
        options,
      ),
    ref: { workOrderId: '7' },
  },
  {
    name: 'truesight-orchestration (username and password: the login is redirected)',
    pkg: '@jobwire/truesight-orchestration',
    make: (m, url) =>
      factory(m, 'createTrueSightOrchestrationClient')({ baseUrl: url, username: 'admin', password: SECRET }, options),
    ref: 'job-1',
  },
  {
    name: 'aspera-orchestrator (basic)',
    pkg: '@jobwire/aspera-orchestrator',
    make: (m, url) =>
      factory(m, 'createAsperaOrchestratorClient')({ baseUrl: url, auth: { username: 'admin', password: SECRET } }, options),
    ref: '7',
  },
  {
    name: 'truesight-orchestration',
    pkg: '@jobwire/truesight-orchestration',
    make: (m, url) => factory(m, 'createTrueSightOrchestrationClient')({ baseUrl: url, authToken: SECRET }, options),
    ref: 'job-1',
  },
  {
    name: 'elma-rpa',
    pkg: '@jobwire/elma-rpa',
    make: (m, url) => factory(m, 'createElmaRpaClient')({ baseUrl: url, authToken: SECRET }, options),
    ref: 955,
    download: (c) => c.downloadTaskFile(955, 'report.pdf'),
  },
  {
    name: 'nagra-apubi',
    pkg: '@jobwire/nagra-apubi',
    make: (m, url) =>
      factory(m, 'createNagraApubiClient')({ baseUrl: `${url}/apubi`, username: 'publisher', password: SECRET }, options),
    ref: 'task-1',
  },
];

/** Everything an error shows, for the secret check. */
const shown = (error: unknown) =>
  [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');

let bomb: Buffer;
beforeAll(() => {
  bomb = gzipSync(Buffer.alloc(DEFAULT_MAX_RESPONSE_BYTES * 2, 0x30), { level: 9 }); // ~32 kB → 32 MiB
});

describe.each(VENDORS)('$name against a hostile server', (vendor) => {
  let server: Hostile;
  let other: Hostile;
  let client: AnyClient;
  beforeAll(async () => {
    server = await startHostile();
    other = await startHostile();
    const mod = (await import(/* @vite-ignore */ vendor.pkg)) as Record<string, (...args: unknown[]) => AnyClient>;
    client = vendor.make(mod, server.url);
  });
  afterEach(() => {
    server.seen.length = 0;
    other.seen.length = 0;
    server.written = 0;
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it.each([301, 302, 303, 307, 308])(
    'refuses a %i redirect to another origin: RedirectError naming it, nothing (no secret) reaches it',
    async (code) => {
      server.handle = (_req, res) => {
        res.writeHead(code, { location: `${other.url}/collect?from=hostile` });
        res.end();
      };
      const error = await rejection(client.getJobStatus(vendor.ref));
      expect(error).toBeInstanceOf(RedirectError);
      expect((error as RedirectError).targetOrigin).toBe(other.url);
      // A read names the other origin; a login or token POST is refused first as a write not sent again.
      expect((error as Error).message).toContain(other.url);
      expect(other.seen).toEqual([]);
      expect(shown(error)).not.toContain(SECRET);
    },
  );

  it('refuses a status answer without end at maxResponseBytes, without reading it all', async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      flood(server, res, Buffer.alloc(64 * 1024, 0x20));
    };
    const error = await rejection(client.getJobStatus(vendor.ref));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(`larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes refused (maxResponseBytes`);
    expect(server.written).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES * 4);
  });

  it('refuses a gzip bomb (32 MiB inflated from ~32 kB) by counting bytes after decompression', async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    };
    const error = await rejection(client.getJobStatus(vendor.ref));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('bytes refused (maxResponseBytes');
  });

  it('keeps a bounded excerpt of a 40 MB error body, secrets scrubbed', async () => {
    server.handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write(`echo: ${SECRET} `);
      flood(server, res, Buffer.alloc(64 * 1024, 0x7a), 40 * 1024 * 1024);
    };
    const error = await rejection(client.getJobStatus(vendor.ref));
    expect(error).toBeInstanceOf(ApiError);
    expect(JSON.stringify(error).length).toBeLessThan(200 * 1024);
    expect(shown(error)).not.toContain(SECRET);
  });

  if (vendor.download) {
    const download = vendor.download;
    it('turns a download cut mid-stream into a ConnectionError', async () => {
      server.handle = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '10000000' });
        res.write(Buffer.alloc(4096, 1), () => res.socket?.destroy());
      };
      const file = await download(client);
      const error = await rejection(new Response(file.body).arrayBuffer());
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain('the connection broke while the body streamed');
      expect(shown(error)).not.toContain(SECRET);
    });
  }
});
