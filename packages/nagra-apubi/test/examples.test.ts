/**
 * The README's snippets are the files in examples/: this runs each one against the documented
 * samples (msw) or the server kit, and checks that the README still shows it verbatim.
 */
import { readFileSync } from 'node:fs';
import { handlers, nagraApubiSamples, nagraApubiTaskIds } from '@jobwire/testkit';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNagraApubiClient } from '../src/index.js';

const endpoint = 'http://apubi.test/apubi';
const server = setupServer(
  ...handlers.nagraApubi({ endpoint }),
  http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('APUBI_ENDPOINT', endpoint);
  vi.stubEnv('APUBI_POLL_MS', '1');
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

async function run<T = unknown>(example: string): Promise<{ lines: string[]; module: T }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  const module = (await import(`../examples/${example}`)) as T;
  return { lines, module };
}

describe('README examples', () => {
  it.each([
    'connect.ts',
    'get-status.ts',
    'publish-and-wait.ts',
    'metadata.ts',
    'errors.ts',
    'serve.ts',
    'simulator.ts',
    'definition.ts',
  ])('the README shows examples/%s verbatim', (file) => {
    const source = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').trim();
    expect(readme).toContain(source);
  });

  it('get-status.ts prints the normalized status of documented sample 1', async () => {
    expect((await run('get-status.ts')).lines).toEqual(['TestAssetA: running (APUBI says "IN_PROGRESS")']);
  });

  it('get-status.ts shows the destination of a published asset', async () => {
    vi.stubEnv('APUBI_TASK_ID', nagraApubiTaskIds.succeededWithDestination);
    expect((await run('get-status.ts')).lines).toEqual([
      'TestAssetPublished: succeeded (APUBI says "SUCCESS")',
      'published at movie_01072015100045',
    ]);
  });

  it('get-status.ts says when a SUCCESS lacks its destination (documented sample 2)', async () => {
    vi.stubEnv('APUBI_TASK_ID', nagraApubiTaskIds.succeeded);
    expect((await run('get-status.ts')).lines).toEqual([
      'TestAssetSuccess: succeeded (APUBI says "SUCCESS")',
      'note: SUCCESS without DestinationAsset: the publishing server must return it if this is a LoadAsset task',
    ]);
  });

  it('publish-and-wait.ts publishes and waits with progress', async () => {
    let polls = 0;
    server.use(
      http.post(endpoint, async ({ request }) => {
        const body = await request.text();
        if (body.includes('<LoadAsset '))
          return new HttpResponse(nagraApubiSamples.loadAssetResponse, { headers: { 'content-type': 'text/xml' } });
        const sample = ++polls < 3 ? nagraApubiSamples.inProgress : nagraApubiSamples.successWithDestination;
        return new HttpResponse(sample, { headers: { 'content-type': 'text/xml' } });
      }),
    );
    expect((await run('publish-and-wait.ts')).lines).toEqual([
      'publishing task TestAssetA',
      '… running (IN_PROGRESS)',
      '… succeeded (SUCCESS)',
      'finished: succeeded, destination movie_01072015100045',
    ]);
  });

  it('metadata.ts sends structured MetaData, escaped, in order', async () => {
    const bodies: string[] = [];
    server.use(
      http.post(endpoint, async ({ request }) => {
        bodies.push(await request.text());
        return new HttpResponse(nagraApubiSamples.loadAssetResponse, { headers: { 'content-type': 'text/xml' } });
      }),
    );
    const xml = '<MetaData><Title lang="en">WALL·E &amp; EVE</Title><Duration>PT1H38M</Duration></MetaData>';
    expect((await run('metadata.ts')).lines).toEqual([xml, 'publishing task TestAssetA']);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(`</DestinationAsset>${xml}</LoadAsset>`);
  });

  it('errors.ts shows the documented fault', async () => {
    vi.stubEnv('APUBI_TASK_ID', nagraApubiTaskIds.missing);
    expect((await run('errors.ts')).lines).toEqual(['fault soapenv:Server: Task Id does not exist']);
  });

  it('errors.ts explains a body that is not APUBI (documented sample 1 verbatim)', async () => {
    vi.stubEnv('APUBI_TASK_ID', nagraApubiTaskIds.malformed);
    const [line] = (await run('errors.ts')).lines;
    expect(line).toMatch(/^not APUBI: nagra-apubi getTaskStatus: malformed XML/);
  });

  it('serve.ts runs a publishing server the client can use (with the credentials it asks for)', async () => {
    vi.stubEnv('APUBI_PASSWORD', 'example-password');
    const { lines, module } = await run<{ endpoint: string; stop: () => Promise<void> }>('serve.ts');
    try {
      expect(lines).toEqual([`APUBI publishing server at ${module.endpoint} (WSDL at ${module.endpoint}?wsdl)`]);
      const anonymous = createNagraApubiClient({ endpoint: module.endpoint });
      await expect(anonymous.getTaskStatus('t')).rejects.toMatchObject({ name: 'AuthenticationError', status: 401 });
      const client = createNagraApubiClient({ endpoint: module.endpoint, username: 'wfm', password: 'example-password' });
      const { taskId } = await client.loadAsset({
        sourceAssetUrl: 'ftp://cis/movie.ts',
        destinationAsset: 'ftp://cdn/',
        metadata: '',
      });
      const status = await client.getJobStatus(taskId);
      expect(status.state).toBe('succeeded');
      expect(status.outputs).toEqual({ destinationAsset: 'ftp://cdn/movie_01072015100045.ts' });
      await expect(client.loadAsset({ sourceAssetUrl: 'http://x', destinationAsset: 'd', metadata: '' })).rejects.toMatchObject({
        faultString: 'Source asset is missing or unreachable',
        status: 400,
      });
    } finally {
      await module.stop();
    }
  });

  it('simulator.ts publishes on the simulator and waits for the task', async () => {
    expect((await run('simulator.ts')).lines).toEqual(['succeeded: published at ftp://cdn/data/movie.ts']);
  });

  it('definition.ts connects from the simulator settings, starts the demo LoadAsset and waits for it', async () => {
    expect((await run('definition.ts')).lines).toEqual(['NAGRA APUBI: a LoadAsset ended succeeded (SUCCESS)']);
  });
});
