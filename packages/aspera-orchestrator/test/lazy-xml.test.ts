/**
 * `@jobwire/xml` (fast-xml-parser behind it) is loaded only by the XML wire format: a JSON
 * client must never import it, neither when the package is imported nor on any call. The module is
 * mocked with a pass-through factory that counts how often it is loaded. This file imports nothing
 * else that could load it (no testkit: its simulators use XML); each test file has its own module
 * registry, so the count starts at 0 and the tests below run in order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { UnexpectedResponseError } from '../src/index.js';
import { loadXml } from '../src/load-xml.js';
import { clientFor, FakeOrchestrator, jsonReply, reply, stepStatusJson, workOrderJson, xmlReply } from './fake-fetch.js';

const xmlModule = vi.hoisted(() => ({ loads: 0 }));
vi.mock('@jobwire/xml', async (importOriginal) => {
  xmlModule.loads += 1;
  return importOriginal();
});

const sample = (name: string) =>
  readFileSync(new URL(`../../../specs/aspera-orchestrator/samples/${name}`, import.meta.url), 'utf8');

describe('the XML parser is loaded only for the XML wire format', () => {
  it('a JSON client never loads it: importing, status reads, outputs, lists, ping and bad bodies', async () => {
    const server = new FakeOrchestrator()
      .on('GET /api/work_order_status/8461.json', jsonReply(workOrderJson('Complete', 'Done')))
      .on(
        'GET /api/work_step_status/work_order.json',
        jsonReply(stepStatusJson('Complete', null, [{ name: 'h', type: 'hash', value: `{'a' => 1}` }])),
      )
      .on('GET /api/work_step_status/46756.json', reply('"plain"'))
      .on('GET /api/work_order_output/8461.json', jsonReply({ work_order_output: { variable: [{ name: 'v', value: 'x' }] } }))
      .on('GET /api/workflows_list.json', jsonReply({ workflows: { workflow: [{ id: 1, name: 'wf' }] } }))
      .on('GET /api/remote_node_ping.json', reply(sample('remote-node-ping.json')))
      .on('GET /api/work_order_status/9.json', reply('<html><body>Bad gateway</body></html>', 200, 'text/html'));
    const client = clientFor(server);
    expect((await client.getJobStatus('8461')).state).toBe('succeeded');
    expect((await client.getJobStatus({ workOrderId: '8461', stepName: 'Copy' })).outputs).toEqual({ h: { a: 1 } });
    expect((await client.getStepOutput(46756, 'o')).value).toBe('plain');
    expect(await client.getWorkOrderOutputs(8461)).toEqual([{ name: 'v', value: 'x' }]);
    expect(await client.listWorkflows()).toEqual([{ id: 1, name: 'wf' }]);
    await client.ping();
    await expect(client.getWorkOrder(9)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(xmlModule.loads).toBe(0);
  });

  it('an XML client loads it once, on its first XML body, and decodes (and refuses hostile XML) as before', async () => {
    const server = new FakeOrchestrator()
      .on('GET /api/work_order_status/8461.xml', xmlReply(sample('work-order-status.fixture.xml')))
      .on('GET /api/work_order_status/9.xml', xmlReply('<!DOCTYPE x [<!ENTITY a "aaaa">]><work_order id="9">&a;</work_order>'));
    const client = clientFor(server, undefined, { format: 'xml' });
    expect(xmlModule.loads).toBe(0);
    const status = await client.getJobStatus('8461');
    expect(xmlModule.loads).toBe(1);
    expect(status).toMatchObject({ id: '8461', state: 'running', vendorStatus: 'In Progress' });
    expect(status.raw).toMatchObject({ workflowId: '256', priority: 2, priorityName: 'normal', steps: [{ id: '46756' }] });
    await expect(client.getWorkOrder(9)).rejects.toBeInstanceOf(UnexpectedResponseError);
    await client.getWorkOrder(8461);
    expect(xmlModule.loads).toBe(1);
  });

  it('loadXml keeps one module promise per process', () => {
    expect(loadXml()).toBe(loadXml());
  });
});
