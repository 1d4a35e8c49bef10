// The hostile server of bench/hostile.mjs, in its own process (so the client's RSS is the client's):
// two node:http servers on 127.0.0.1 — the hostile one and a "collector" at another origin that
// counts what reaches it and looks for the secret in every form. Prints one JSON line when ready.
//   /big/…      200 JSON, no Content-Length, 500 MB of spaces (until the client goes away)
//   /bomb/…     200, Content-Encoding: gzip, 1 GiB of zeros compressed (≈ 1 MB on the wire)
//   /silent/…   accepts the request and never answers
//   /redirect/… 302 to the collector, keeping path and query
//   /__stats    what happened (bytes written, requests, collector hits, secrets found there)
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';

const SECRET = process.argv[2] ?? 'BENCH-hostile-secret-5d2e';
const BIG = 500 * 1024 * 1024;
const BOMB = 1024 * 1024 * 1024;

const stats = { bigWritten: 0, bombServed: 0, silentRequests: 0, redirects: 0, collectorRequests: 0, secretsAtCollector: 0 };
const forms = [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64')];

async function gzipOfZeros(size) {
  const gzip = createGzip({ level: 9 });
  const chunks = [];
  gzip.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

const bomb = await gzipOfZeros(BOMB);
const silent = new Set();

const collector = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    stats.collectorRequests++;
    const seen = `${req.url}\n${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('latin1')}`;
    for (const form of forms) if (seen.includes(form)) stats.secretsAtCollector++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${collector.address().port}`;

const server = createServer((req, res) => {
  req.resume();
  const url = req.url ?? '/';
  if (url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
  } else if (url.startsWith('/big')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    const pump = () => {
      while (!res.destroyed && written < BIG) {
        written += chunk.length;
        stats.bigWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => res.destroy());
    pump();
  } else if (url.startsWith('/bomb')) {
    stats.bombServed++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
    res.end(bomb);
  } else if (url.startsWith('/silent')) {
    stats.silentRequests++;
    silent.add(res);
    res.on('close', () => silent.delete(res));
  } else {
    stats.redirects++;
    res.writeHead(302, { location: `${collectorUrl}${url.replace(/^\/redirect/, '')}` });
    res.end();
  }
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 0;
server.requestTimeout = 0;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, collectorUrl, bombBytes: bomb.length })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
