// A result consumer in a process of its own that never finishes a result: it reports { type:
// 'handling', id } over IPC and hangs, so the test can SIGKILL it mid-delivery (results.test.ts).
// Plain Node ESM on the built package, like worker-process.mjs. argv: --redis-port, --prefix.
import { parseArgs } from 'node:util';
import { createResultWorker } from '@jobwire/bullmq';

const { values } = parseArgs({ options: { 'redis-port': { type: 'string' }, prefix: { type: 'string' } } });
const worker = createResultWorker({
  connection: { host: '127.0.0.1', port: Number(values['redis-port']) },
  prefix: values.prefix,
  lockDurationMs: 1000,
  handle: (result) => {
    process.send?.({ type: 'handling', id: result.id });
    return new Promise(() => {}); // never: the test kills this process
  },
});
await worker.ready();
process.send?.({ type: 'ready' });
