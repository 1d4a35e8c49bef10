/**
 * The simulator as a server, over raw HTTP: it is the server kit (same envelopes, refusals and
 * WSDL), it satisfies core's `Simulator`, and its chaos (counted, seeded, switched on and off)
 * does what each fault says. The client against it is in simulator.test.ts.
 */

import { basicAuthorization } from '@jobwire/core';
import type { Simulator } from '@jobwire/core/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type NagraApubiSimulator, startNagraApubiSimulator } from '../src/simulator.js';

let sim: NagraApubiSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const statusEnvelope = (taskId: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>${taskId}</TaskId></GetTaskStatus></soap:Body></soap:Envelope>`;

async function post(simulator: NagraApubiSimulator, body: string, authorization?: string) {
  const response = await fetch(simulator.url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      authorization: authorization ?? basicAuthorization(simulator.credentials.username, simulator.credentials.password),
    },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('NAGRA APUBI simulator, as a server', () => {
  it("satisfies core's Simulator and listens on 127.0.0.1 at /apubi with the given credentials", async () => {
    sim = await startNagraApubiSimulator({ username: 'wfm', password: 'secret' });
    const asCore: Simulator<{ username: string; password: string }> = sim satisfies Simulator<{
      username: string;
      password: string;
    }>;
    expect(asCore.vendor).toBe('nagra-apubi');
    const url = new URL(sim.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/apubi');
    expect(sim.credentials).toEqual({ username: 'wfm', password: 'secret' });
    expect(sim.requestCount).toBe(0);
    expect(sim.faultCount).toBe(0);
  });

  it('answers with the server kit: its fault envelope, its 401 challenge, its 405, its WSDL with the address', async () => {
    sim = await startNagraApubiSimulator();
    const missing = await post(sim, statusEnvelope('nope'));
    expect(missing.status).toBe(500);
    expect(missing.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(missing.text).toContain('<faultcode>soap:Server</faultcode><faultstring>Task Id does not exist</faultstring>');
    expect(missing.text).toContain('<message>Task Id does not exist</message>');

    const denied = await post(sim, statusEnvelope('nope'), basicAuthorization(sim.credentials.username, 'wrong'));
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="APUBI", charset="UTF-8"');
    expect(denied.text).toContain('<faultstring>Unauthorized</faultstring>');

    const get = await fetch(sim.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('GET, POST');
    await get.text();

    const wsdl = await fetch(`${sim.url}?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain(`<soap:address location="${sim.url}"`);
    expect(sim.requestCount).toBe(4);
    expect(sim.faultCount).toBe(0);
  });

  it('counts requests and faults; each fault kind does what it says; chaos switches off', async () => {
    sim = await startNagraApubiSimulator();
    sim.setChaos({ seed: 1, rate: 1, kinds: ['unavailable'], retryAfterSeconds: 3 });
    const unavailable = await post(sim, statusEnvelope('x'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('3');
    expect(unavailable.text).toBe('Service Unavailable (simulated)');

    sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
    await expect(post(sim, statusEnvelope('x'))).rejects.toThrow(TypeError);

    sim.setChaos({ seed: 1, rate: 1, kinds: ['truncate'] });
    await expect(post(sim, statusEnvelope('x'))).rejects.toThrow();

    sim.setChaos({ seed: 1, rate: 1, kinds: ['slow'], slowMs: 50 });
    const slow = await post(sim, statusEnvelope('x'));
    // Late, but whole: the kit's answer as it would have been.
    expect(slow.status).toBe(500);
    expect(slow.text).toContain('<faultstring>Task Id does not exist</faultstring>');

    expect(sim.requestCount).toBe(4);
    expect(sim.faultCount).toBe(4);
    sim.setChaos(undefined);
    expect((await post(sim, statusEnvelope('x'))).status).toBe(500);
    expect(sim.requestCount).toBe(5);
    expect(sim.faultCount).toBe(4);
  });

  it('the same seed gives the same faults for the same requests', async () => {
    const run = async () => {
      const simulator = await startNagraApubiSimulator({ chaos: { seed: 5, rate: 0.5, kinds: ['unavailable'] } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++) statuses.push((await post(simulator, statusEnvelope('x'))).status);
        return statuses;
      } finally {
        await simulator.close();
      }
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(first).toContain(503);
    expect(first).toContain(500);
  });

  it('a slow answer pending at close does not keep the process alive, and the port is released', async () => {
    sim = await startNagraApubiSimulator({ chaos: { seed: 1, rate: 1, kinds: ['slow'], slowMs: 60_000 } });
    const pending = post(sim, statusEnvelope('x')).catch((error: unknown) => error);
    while (sim.requestCount === 0) await new Promise((resolve) => setImmediate(resolve));
    const port = Number(new URL(sim.url).port);
    await sim.close();
    sim = undefined;
    expect(await pending).toBeInstanceOf(TypeError);
    const again = await startNagraApubiSimulator({ port });
    expect(new URL(again.url).port).toBe(String(port));
    await again.close();
  });
});
