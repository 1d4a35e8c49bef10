// A node:http server on 127.0.0.1 that answers every request with one fixed sample body.
// It runs in a worker thread so that, on a 2-core machine, the server has its own core and the
// client's per-call cost is what varies between the measured variants. It remembers the first
// requests it saw so the benchmark can check that the client and the baseline sent the same one.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { body, contentType, status = 200 } = workerData;
const payload = Buffer.from(body);
const seen = [];

const server = createServer((req, res) => {
  const record = seen.length < 64;
  const chunks = [];
  // Read any request body (SOAP envelopes, JSON) before answering, as a real server would; keep it
  // for the first requests so the benchmark can check both variants sent the same bytes.
  req.on('data', (chunk) => {
    if (record) chunks.push(chunk);
  });
  req.on('end', () => {
    if (record)
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization ?? null,
        token: req.headers['authentication-token'] ?? null,
        soapaction: req.headers.soapaction ?? null,
        body: Buffer.concat(chunks).toString('utf8'),
      });
    res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length });
    res.end(payload);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});

parentPort.on('message', (message) => {
  if (message === 'seen') parentPort.postMessage({ type: 'seen', seen: seen.splice(0) });
  if (message === 'close') server.close(() => parentPort.postMessage({ type: 'closed' }));
});
