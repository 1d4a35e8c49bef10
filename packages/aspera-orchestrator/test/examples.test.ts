/**
 * The README's snippets are the files in examples/: this runs each one against the documented
 * samples (msw) and checks that the README still shows it verbatim.
 */
import { readFileSync } from 'node:fs';
import { asperaOrchestratorCredentials, asperaOrchestratorIds, handlers } from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const baseUrl = 'http://aspera.test/aspera/orchestrator';
const server = setupServer(...handlers.asperaOrchestrator({ baseUrl }));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('ASPERA_URL', baseUrl);
  vi.stubEnv('ASPERA_USERNAME', asperaOrchestratorCredentials.username);
  vi.stubEnv('ASPERA_PASSWORD', asperaOrchestratorCredentials.password);
  vi.stubEnv('ASPERA_POLL_MS', '1');
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

async function run(example: string): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  await import(`../examples/${example}`);
  return lines;
}

describe('README examples', () => {
  it.each(['connect.ts', 'get-status.ts', 'start-and-wait.ts', 'step-output.ts', 'cancel.ts', 'workflow-inputs.ts'])(
    'the README shows examples/%s verbatim',
    (file) => {
      const source = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').trim();
      expect(readme).toContain(source);
    },
  );

  it.each(['json', 'xml'])('get-status.ts prints the work order and the step (%s)', async (format) => {
    vi.stubEnv('ASPERA_FORMAT', format);
    expect(await run('get-status.ts')).toEqual([
      'work order 8461: running (Orchestrator says "In Progress")',
      'step 46756: succeeded — FASPEX Authorization received',
      'output package_id: 5e0f9336-5e58-46a5-b944-a8253a956041',
      `output package_post_url: ${format === 'json' ? 'fasp://faspex@testchris2.sl.dev.asperacloud.net:33001/Transcoded - 5e0f9336-5e58-46a5-b944-a8253a956041.aspera-package/PKG - Transcoded?token=ATM3_ACsvFz3yt1byrRDQ7cEtFKg0wxWS6ubjsWnkA8IAxSlbKoAAEWHQkLFXfeLjDz5Eq8uDH7_3MTA&cookie=aspera.faspex20:u:90ce20d7-17c3-4672' : 'fasp://faspex@testchris2.sl.dev.asperacloud.net:33001/Transcoded - 5e0f9336-5e58-46a5-b944-a8253a956041.aspera-package/PKG - Transcoded?token=ATM3_ACsvFz3yt1byrRDQ7cEtFKg0wxWS6ubjsWnkA8IAxSlbKoAAEWHQkLFXfeLjDz5Eq8uDH7_3MTA&cookie=aspera.faspex20:u:90ce20d7'}`,
    ]);
  });

  it('start-and-wait.ts starts a work order and waits for its end with progress', async () => {
    let polls = 0;
    const order = (state: string, content: string) => ({ work_order: { id: 8462, status: { state, content }, work_steps: [] } });
    server.use(
      http.get(`${baseUrl}/api/work_order_status/:file`, () =>
        HttpResponse.json(++polls < 3 ? order('In Progress', 'Executing Step: Transcode') : order('Complete', 'Done')),
      ),
    );
    expect(await run('start-and-wait.ts')).toEqual([
      'started work order 8462',
      '… running (In Progress)',
      '… succeeded (Complete)',
      'finished: succeeded — Done',
    ]);
  });

  it.each(['json', 'xml'])('step-output.ts prints the decoded hash and the text output (%s)', async (format) => {
    vi.stubEnv('ASPERA_FORMAT', format);
    const lines = await run('step-output.ts');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      'Transcode server': { node_id: 'transcoder', node: 'Transcode server', capacity_kb: '30000' },
      Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' },
    });
    expect(lines[1]).toBe('5e0f9336-5e58-46a5-b944-a8253a956041');
  });

  it.each(['json', 'xml'])('workflow-inputs.ts lists what a work order needs (%s)', async (format) => {
    vi.stubEnv('ASPERA_FORMAT', format);
    expect(await run('workflow-inputs.ts')).toEqual(
      format === 'json'
        ? ['path_to_xml (string, optional)', 'asset_path (string, optional)']
        : ['md5_check (flag)', 'filesize_check (flag)', 'dtd_check (flag)'],
    );
  });

  it('cancel.ts cancels a work order', async () => {
    expect(await run('cancel.ts')).toEqual(['work order 8461: Canceling']);
  });

  it('cancel.ts explains an unknown work order with the first line of the error', async () => {
    vi.stubEnv('ASPERA_WORK_ORDER_ID', asperaOrchestratorIds.missing);
    expect(await run('cancel.ts')).toEqual([
      "no such work order: aspera-orchestrator cancelWorkOrder failed: HTTP 404 Not Found: Couldn't find WorkOrder with id=999999",
    ]);
  });
});
