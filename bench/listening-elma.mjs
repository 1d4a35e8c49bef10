#!/usr/bin/env node
// ELMA's callback receiver under hostile peers (issue 27): the server's peak RSS under each attack,
// a legitimate callback's time to first byte during the endless-body attack and after each one.
// The receiver runs in a child process (its own event loop and heap; RSS sampled every 50 ms);
// attackers and the legitimate caller share this process. Everything is on 127.0.0.1.
//
//   node bench/listening-elma.mjs                    # createElmaCallbackServer, the defaults a user gets
//   node bench/listening-elma.mjs --target before    # the README's old example receiver (git 54ba0ae)
//   node bench/listening-elma.mjs --seconds 4 --peers 4
//
// Needs packages/elma-rpa/dist (build it first). Writes bench/results/listening-elma.json
// (bench/results/tmp/listening-elma-before.json with --target before).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distEntry, parseArgs, round, summarize, table, tmpDir, writeResult } from './lib/common.mjs';

const MiB = 1024 * 1024;
const AUTH_TOKEN = '9f1c2d3e-4b5a-4c6d-8e7f-a0b1c2d3e4f5';
/** The child stops itself past this RSS: the "before" receiver grows without limit. */
const RSS_CAP_MB = 4096;

// ---------------------------------------------------------------------------------------------
// The child: one receiver with the defaults, a fake Orchestrator behind an injected fetch.
if (process.argv[2] === '--server') {
  const [target, distDir] = process.argv.slice(3);
  const dist = (file) => import(pathToFileURL(path.join(distDir, file)).href);
  let reported = 0;
  let server;
  let legitimatePath;
  if (target === 'before') {
    // The README's example before issue 27 (`git show 54ba0ae:packages/elma-rpa/examples/callback-receiver.ts`),
    // as is except console.log (would flood the bench's output) and port 0.
    const { parseTaskCallback } = await dist('index.js');
    const { createServer } = await import('node:http');
    server = createServer(async (request, response) => {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      try {
        parseTaskCallback(Buffer.concat(chunks), { authToken: AUTH_TOKEN });
        reported++;
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
    legitimatePath = '/elma/done';
  } else {
    const { createElmaRpaClient } = await dist('index.js');
    const { createElmaCallbackReceiver, createElmaCallbackServer } = await dist('node.js');
    // The Orchestrator confirms every task as DONE (getTask); no network beyond this process.
    const fetch = async (req) => {
      const { id } = await req.json();
      const task = { id, process: 'p', system: AUTH_TOKEN, status: 'DONE', created: '2020-06-29T10:29:52Z' };
      return new Response(JSON.stringify({ status: 200, task }), { headers: { 'content-type': 'application/json' } });
    };
    const receiver = createElmaCallbackReceiver({
      client: createElmaRpaClient({ baseUrl: 'http://elma.invalid', authToken: AUTH_TOKEN }, { fetch, retry: false }),
      key: 'a-benchmark-callback-key-of-32-bytes-or-more',
      url: 'http://127.0.0.1/elma/callback',
      authToken: AUTH_TOKEN,
      onTask: () => {
        reported++;
      },
    });
    server = createElmaCallbackServer(receiver);
    const url = new URL(receiver.callbackUrl());
    legitimatePath = `${url.pathname}${url.search}`;
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (peak > RSS_CAP_MB * MiB) process.exit(99);
  };
  setInterval(sample, 50).unref();
  process.on('message', (message) => {
    if (message === 'reset') {
      global.gc?.();
      peak = process.memoryUsage().rss;
      reported = 0;
      process.send({ rss: peak });
    } else if (message === 'peak') {
      sample();
      process.send({ peak, reported });
    }
  });
  process.send({ port: server.address().port, legitimatePath });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const args = parseArgs();
  const seconds = Number(args.values.seconds ?? 4);
  const peers = Number(args.values.peers ?? 4);
  const target = args.values.target === 'before' ? 'before' : 'receiver';
  const distDir = path.dirname(distEntry('elma-rpa'));

  // The child, restarted when an attack ended it (the "before" receiver exits on an aborted body).
  let child;
  let exitedDuring = null;
  let port;
  let legitimatePath;
  const start = async () => {
    child = fork(new URL(import.meta.url).pathname, ['--server', target, distDir], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr.resume();
    // A send racing the child's exit fails with EPIPE: the exit listener below already accounts for it.
    child.on('error', () => {});
    child.on('exit', (code, signal) => {
      exitedDuring ??= { code, signal, at: performance.now() };
    });
    [{ port, legitimatePath }] = await once(child, 'message');
  };
  await start();
  /** The child's answer, or null when it has exited. */
  const ask = (message) =>
    new Promise((resolve) => {
      if (exitedDuring) return resolve(null);
      const onMessage = (reply) => {
        child.off('exit', onExit);
        resolve(reply);
      };
      const onExit = () => {
        child.off('message', onMessage);
        resolve(null);
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });

  const legitimateBody = JSON.stringify({ status: 200, task: { id: 955, system: AUTH_TOKEN, status: 'DONE' } });
  // Forged: a token of the right shape made without the key (the "before" receiver has no token to check).
  const forgedPath = () =>
    legitimatePath.replace(
      /=([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)/,
      (_, nonce, mac) => `=${nonce}.${mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
    );

  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  /** One POST; resolves with the time to the response headers (ms) and the status, or the error's code. */
  const post = (pathAndQuery, body, { timeoutMs = 20_000, contentLength = true } = {}) =>
    new Promise((resolve) => {
      const started = performance.now();
      const headers = { 'content-type': 'application/json' };
      if (contentLength) headers['content-length'] = Buffer.byteLength(body);
      const req = request({ host: '127.0.0.1', port, path: pathAndQuery, method: 'POST', agent, headers }, (res) => {
        const ttfb = performance.now() - started;
        res.resume();
        res.on('end', () => resolve({ ttfb, status: res.statusCode }));
        res.on('error', () => resolve({ ttfb, status: res.statusCode }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (error) => resolve({ ttfb: performance.now() - started, status: error.code ?? 'error' }));
      req.end(body);
    });
  const legitimate = () => post(legitimatePath, legitimateBody);

  /** Legitimate callbacks, one at a time, every `gapMs`, for `ms`: their time to first byte. */
  const legitimateTtfb = async (ms, gapMs = 10) => {
    const times = [];
    const statuses = new Set();
    let accepted = 0;
    const end = performance.now() + ms;
    while (performance.now() < end && !exitedDuring) {
      const { ttfb, status } = await legitimate();
      times.push(ttfb);
      statuses.add(status);
      if (status === 204) accepted++;
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    const s = summarize(times);
    return { p50: round(s.median, 1), p99: round(s.p99, 1), max: round(s.max, 1), n: s.n, statuses: [...statuses], accepted };
  };

  const raw = (text) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(text);
    return socket;
  };
  /** `count` peers running `body` back to back; stopping waits for the requests in flight. */
  const loop = (count, body) => {
    let running = true;
    const peersDone = Array.from({ length: count }, async () => {
      while (running && !exitedDuring) await body();
    });
    return [
      () => {
        running = false;
        return Promise.all(peersDone);
      },
    ];
  };
  const statusCounts = new Map();
  const countStatus = (key, status) => {
    const counts = statusCounts.get(key) ?? {};
    counts[status] = (counts[status] ?? 0) + 1;
    statusCounts.set(key, counts);
  };

  // A 95 MiB JSON array: what the "before" receiver buffers and hands to JSON.parse whole.
  const bigArray = Buffer.from(`[${'0,'.repeat(Math.floor((95 * MiB - 2) / 2) - 1)}0]`);
  const attacks = {
    [`${peers} peers sending endless chunked bodies at full speed`]: () =>
      Array.from({ length: peers }, () => {
        const socket = raw(
          `POST ${legitimatePath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
        );
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
    '2 peers posting a 95 MiB JSON array (chunked, no Content-Length) back to back': () =>
      loop(2, async () => countStatus('95 MiB', (await post(legitimatePath, bigArray, { contentLength: false })).status)),
    '200 slowloris peers (headers, one byte every 100 ms)': () =>
      Array.from({ length: 200 }, () => {
        const socket = raw(`POST ${legitimatePath} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
        const timer = setInterval(() => socket.write('a'), 100);
        return () => {
          clearInterval(timer);
          socket.destroy();
        };
      }),
    '8 peers aborting mid-body and sending malformed chunks, back to back': () =>
      loop(8, async () => {
        const aborting = raw(
          `POST ${legitimatePath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"status":200,`,
        );
        const malformed = raw(
          `POST ${legitimatePath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\nzz\r\n`,
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
        aborting.destroy();
        await new Promise((resolve) => setTimeout(resolve, 5));
        malformed.destroy();
      }),
    '8 peers posting forged DONE callbacks (wrong token) back to back': () =>
      loop(8, async () => countStatus('forged', (await post(forgedPath(), legitimateBody)).status)),
  };

  const rss = [];
  for (const [name, begin] of Object.entries(attacks)) {
    if (exitedDuring) {
      exitedDuring = null;
      await start();
    }
    agent.destroy(); // no keep-alive socket from the last attack (or a dead child) is reused
    statusCounts.clear();
    await ask('reset');
    const startedAt = performance.now();
    const stops = begin();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await legitimateTtfb(seconds * 1000);
    const end = await ask('peak');
    await Promise.all(stops.map((stop) => stop()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterOne = exitedDuring ? { status: 'server exited' } : await legitimate();
    rss.push({
      attack: name,
      peakMB: end ? round(end.peak / MiB, 1) : null,
      exited: exitedDuring
        ? exitedDuring.code === 99
          ? `over ${RSS_CAP_MB} MB (stopped by the bench)`
          : `exit ${exitedDuring.code ?? exitedDuring.signal}`
        : null,
      exitedAfterMs: exitedDuring ? round(exitedDuring.at - startedAt, 0) : undefined,
      legitimateDuring: during,
      legitimateAfter: { status: afterOne.status, ttfbMs: round(afterOne.ttfb, 1) },
      attackAnswers: statusCounts.size ? Object.fromEntries(statusCounts) : undefined,
      // Callbacks the user's code was told about, less the legitimate ones answered 204.
      forgedReported: end ? end.reported - during.accepted : null,
    });
  }
  agent.destroy();
  if (!exitedDuring) child.disconnect();

  const result = { target, dist: distDir, seconds, peers, rssCapMB: RSS_CAP_MB, rss };
  if (target === 'before') {
    mkdirSync(tmpDir, { recursive: true });
    writeFileSync(path.join(tmpDir, 'listening-elma-before.json'), `${JSON.stringify(result, null, 2)}\n`);
  } else {
    writeResult('listening-elma', result);
  }
  console.log(`ELMA callback receiver under attack (${target})\n`);
  console.log(
    table(
      [
        'attack',
        'server peak RSS MB',
        'server',
        'legit during: p50 / p99 / max ms (n, statuses)',
        'legit after',
        'forged reported',
      ],
      rss.map((r) => [
        r.attack,
        r.peakMB,
        r.exited ? `${r.exited} after ${r.exitedAfterMs} ms` : 'up',
        r.legitimateDuring.n === 0
          ? 'none answered'
          : `${r.legitimateDuring.p50} / ${r.legitimateDuring.p99} / ${r.legitimateDuring.max} (${r.legitimateDuring.n}, ${r.legitimateDuring.statuses.join(' ')})`,
        `${r.legitimateAfter.status} ${r.legitimateAfter.ttfbMs ?? ''}`,
        r.forgedReported,
      ]),
    ),
  );
}
