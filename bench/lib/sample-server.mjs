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
  if (seen.length < 64)
    seen.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization ?? null,
      soapaction: req.headers.soapaction ?? null,
    });
  // Drain any request body (SOAP envelopes) before answering, as a real server would.
  req.resume();
  req.on('end', () => {
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
