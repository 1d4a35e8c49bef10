#!/usr/bin/env node
// The APUBI server kit under hostile peers (issue 27): a legitimate GetTaskStatus's time to first
// byte (p50/p99) while peers send worst-case bodies, and the server's RSS under each attack.
// The server runs in a child process (its own event loop and heap; it reports RSS every 50 ms);
// attackers and the legitimate client share this process. Everything is on 127.0.0.1.
//
//   node bench/listening.mjs                       # the built kit (packages/nagra-apubi/dist)
//   node bench/listening.mjs --dist <dir>          # another build, e.g. an older install, for comparison
//   node bench/listening.mjs --seconds 4 --peers 4
//
// Writes bench/results/listening.json (bench/results/tmp/listening-<label>.json with --dist).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distEntry, parseArgs, round, summarize, table, tmpDir, writeResult } from './lib/common.mjs';

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The child: the kit with in-memory handlers, default limits (1 MiB body), RSS sampling.
if (process.argv[2] === '--server') {
  const { createApubiServer } = await import(pathToFileURL(process.argv[3]).href);
  const server = createApubiServer(
    {
      loadAsset: () => ({ taskId: 'load-1' }),
      purgeAsset: () => ({ taskId: 'purge-1' }),
      getTaskStatus: () => ({ status: 'SUCCESS', destinationAsset: 'cdn:movie.ts' }),
    },
    // allowAnonymous: the attack is on what comes after authentication (an authenticated peer,
    // or a kit behind a proxy that authenticates); the older kit ignores the option.
    { allowAnonymous: true, onError: () => {} },
  );
  const endpoint = await server.listen();
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  setInterval(sample, 50).unref();
  process.on('message', (message) => {
    if (message === 'reset') {
      global.gc?.();
      peak = process.memoryUsage().rss;
      process.send({ rss: peak });
    } else if (message === 'peak') {
      sample();
      process.send({ peak });
    }
  });
  process.send({ endpoint });
  // Stays up until the parent disconnects.
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const args = parseArgs();
  const seconds = Number(args.values.seconds ?? 4);
  const peers = Number(args.values.peers ?? 4);
  const distDir = args.values.dist ? path.resolve(String(args.values.dist)) : path.dirname(distEntry('nagra-apubi'));
  const label = args.values.dist ? path.basename(path.resolve(distDir, '..', '..', '..', '..')) : 'workspace';

  const child = fork(new URL(import.meta.url).pathname, ['--server', path.join(distDir, 'index.js')], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ endpoint }] = await once(child, 'message');
  const url = new URL(endpoint);
  const ask = async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    return reply;
  };

  const soap = (inner) =>
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
  const legitimate = soap('<GetTaskStatus xmlns="wfm:APUBI/v1/schemas"><TaskId>task-1</TaskId></GetTaskStatus>');
  const within = (unit, budget = MiB - 400) => unit.repeat(Math.floor(budget / unit.length));
  const inPurge = (inner) =>
    soap(
      `<PurgeAsset xmlns="wfm:APUBI/v1/schemas"><DestinationAsset>d</DestinationAsset><MetaData>${inner}</MetaData></PurgeAsset>`,
    );
  // Bodies just under the 1 MiB default limit that cost the most to read (each one is refused or
  // served; either way the kit must read it first).
  const bodies = {
    'plain text (1 MiB MetaData)': inPurge(within('a')),
    'references (&lt; ×200k)': inPurge(within('&lt;')),
    'character references (&#x1F600; ×100k)': inPurge(within('&#x1F600;')),
    'CDATA sections (×80k)': inPurge(within('<![CDATA[a]]>')),
    'comments (×150k)': inPurge(within('<!---->')),
    'elements (<a/> ×250k; limit 10,000)': inPurge(within('<a/>')),
    'attributes (×100k; limit 10,000)': inPurge(`<m ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`),
    'nesting (<a> ×250k; limit depth 32)': inPurge(within('<a>')),
    'namespaces (xmlns:x ×30k)': inPurge(within('<x:a xmlns:x="urn:x"/>')),
  };

  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  /** One POST; resolves with the time to the response headers (ms) and the status. */
  const post = (body) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const ttfb = performance.now() - started;
          res.resume();
          res.on('end', () => resolve({ ttfb, status: res.statusCode }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** Legitimate requests, one at a time, every `gapMs`, for `ms`: their time to first byte. */
  const legitimateTtfb = async (ms, gapMs = 10) => {
    const times = [];
    const statuses = new Set();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const { ttfb, status } = await post(legitimate);
      times.push(ttfb);
      statuses.add(status);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    return { ...summarize(times), statuses: [...statuses] };
  };

  // 1. Cost of each worst-case body on the server: one at a time, nothing else running.
  const perBody = [];
  for (const [name, body] of Object.entries(bodies)) {
    const times = [];
    let status;
    for (let i = 0; i < 8; i++) {
      const result = await post(body);
      if (i >= 2) times.push(result.ttfb);
      status = result.status;
    }
    perBody.push({ body: name, bytes: Buffer.byteLength(body), status, ms: summarize(times).median });
  }
  perBody.sort((a, b) => b.ms - a.ms);
  const worst = perBody[0];

  // 2. A legitimate request's TTFB: alone, then while `peers` peers send the worst body back to back.
  await ask('reset');
  const baseline = await legitimateTtfb(seconds * 1000);
  await ask('reset');
  let attacking = true;
  let attackRequests = 0;
  const attackers = Array.from({ length: peers }, async () => {
    while (attacking) {
      await post(bodies[worst.body]).catch(() => {});
      attackRequests++;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const underAttack = await legitimateTtfb(seconds * 1000);
  attacking = false;
  await Promise.all(attackers);
  const worstRss = (await ask('peak')).peak;

  // 3. RSS under the other attacks (each for `seconds`), a legitimate request checked after each.
  const rss = [{ attack: `${peers} peers sending "${worst.body}" back to back`, peakMB: round(worstRss / MiB, 1) }];
  const raw = (text) => {
    const socket = connect(Number(url.port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(text);
    return socket;
  };
  const attacks = {
    // "$`" is the text before the match in a String.replace pattern: 5 kB of WSDL per 2 bytes of Host.
    '30 peers asking ?wsdl with a 16 KB "$`" Host, never reading': () =>
      Array.from({ length: 30 }, () => {
        const socket = raw(`GET ${url.pathname}?wsdl HTTP/1.1\r\nHost: ${'$`'.repeat(8000)}\r\n\r\n`);
        socket.pause();
        return () => socket.destroy();
      }),
    '200 slowloris peers (headers one byte every 100 ms)': () =>
      Array.from({ length: 200 }, () => {
        const socket = raw(`POST ${url.pathname} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
        const timer = setInterval(() => socket.write('a'), 100);
        return () => {
          clearInterval(timer);
          socket.destroy();
        };
      }),
    '4 peers sending endless chunked bodies at full speed': () =>
      Array.from({ length: 4 }, () => {
        const socket = raw(`POST ${url.pathname} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const chunk = `10000\r\n${'a'.repeat(0x10000)}\r\n`;
        let stopped = false;
        const pump = () => {
          while (!stopped && !socket.destroyed && socket.write(chunk));
        };
        socket.on('drain', pump);
        pump();
        return () => {
          stopped = true;
          socket.destroy();
        };
      }),
    '50 peers sending __proto__ / constructor bodies back to back': () => {
      let running = true;
      const hostile = inPurge('<__proto__ __proto__="1" id="__proto__"><constructor><prototype/></constructor></__proto__>');
      Array.from({ length: 50 }, async () => {
        while (running) await post(hostile).catch(() => {});
      });
      return [() => (running = false)];
    },
  };
  for (const [name, start] of Object.entries(attacks)) {
    await ask('reset');
    const stops = start();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const during = await post(legitimate);
    for (const stop of stops) stop();
    const peak = (await ask('peak')).peak;
    rss.push({ attack: name, peakMB: round(peak / MiB, 1), legitimateDuring: during.status });
  }
  const after = await post(legitimate);
  agent.destroy();
  child.disconnect();

  const result = {
    label,
    dist: distDir,
    seconds,
    peers,
    perBody: perBody.map((b) => ({ ...b, ms: round(b.ms, 1) })),
    ttfb: {
      alone: { p50: round(baseline.median, 1), p99: round(baseline.p99, 1), n: baseline.n, statuses: baseline.statuses },
      underAttack: {
        p50: round(underAttack.median, 1),
        p99: round(underAttack.p99, 1),
        n: underAttack.n,
        statuses: underAttack.statuses,
        attackRequests,
      },
      goalP99Ms: 250,
    },
    rss,
    legitimateAfterAll: after.status,
  };
  if (args.values.dist) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(tmpDir, { recursive: true });
    writeFileSync(path.join(tmpDir, `listening-${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
  } else {
    writeResult('listening', result);
  }
  console.log(`APUBI server kit under attack (${label})\n`);
  console.log(
    table(
      ['worst-case body (≤ 1 MiB)', 'status', 'server ms (median)'],
      perBody.map((b) => [b.body, b.status, round(b.ms, 1)]),
    ),
  );
  console.log(
    `\nlegitimate GetTaskStatus TTFB: alone p50 ${round(baseline.median, 1)} / p99 ${round(baseline.p99, 1)} ms; ` +
      `with ${peers} peers sending "${worst.body}": p50 ${round(underAttack.median, 1)} / p99 ${round(underAttack.p99, 1)} ms ` +
      `(goal p99 < 250 ms; ${underAttack.n} requests, ${attackRequests} attack bodies)\n`,
  );
  console.log(
    table(
      ['attack', 'server peak RSS MB', 'legitimate request during'],
      rss.map((r) => [r.attack, r.peakMB, r.legitimateDuring ?? '–']),
    ),
  );
  console.log(`\nlegitimate request after all attacks: HTTP ${after.status}`);
}
