// A watch worker in a process of its own, for the fault tests (test/faults.test.ts), which SIGKILL it
// in the middle of a poll. Plain Node ESM on the BUILT packages: Node 20 cannot run the TypeScript
// sources and the workspace has no TypeScript loader, so this imports `@jobwire/bullmq`'s dist (the
// package's own name resolves to it from inside the package) and each vendor's dist definition
// (`@jobwire/<vendor>/definition`, a devDependency of this package).
// CI runs the tests after `turbo build`; locally build first (worker-process.ts says how, and
// refuses a missing or stale dist).
//
// Configuration. argv (nothing secret): --redis-port, --prefix, --vendors a,b, --lock-duration-ms,
// --limits <JSON>, --retry false. Environment: JOBWIRE_TEST_WORKER_SETTINGS = JSON { vendor: settings }
// (URLs and credentials, which stay off the command line).
// Reports over IPC, and nothing on stdout or stderr unless it fails: { type: 'ready' }, then per poll
// { type: 'poll', vendor, ref } as it starts and { type: 'polled', vendor, ref, state | error } as it ends;
// the worker's warnings as { type: 'warn', message, meta } (the test shows them when it fails).
// A { type: 'close' } message or SIGTERM closes the worker gracefully; then it exits 0.
import { parseArgs } from 'node:util';
import { createWatchWorker } from '@jobwire/bullmq';

const { values } = parseArgs({
  options: {
    'redis-port': { type: 'string' },
    prefix: { type: 'string' },
    vendors: { type: 'string' },
    'lock-duration-ms': { type: 'string' },
    limits: { type: 'string' },
    retry: { type: 'string' },
  },
});
const report = (message) => process.send?.(message);

try {
  const settings = JSON.parse(process.env.JOBWIRE_TEST_WORKER_SETTINGS ?? '{}');
  const clientOptions = values.retry === 'false' ? { retry: false } : {};
  const sources = {};
  for (const id of (values.vendors ?? '').split(',').filter(Boolean)) {
    // A vendor's id is its package name after `@jobwire/`.
    const { definition } = await import(`@jobwire/${id}/definition`);
    const session = definition.connect(settings[id] ?? {}, clientOptions);
    // The poll as the test sees it: its start (to kill the process during it) and its end.
    sources[id] = {
      async getJobStatus(ref, options) {
        report({ type: 'poll', vendor: id, ref });
        try {
          const status = await session.getJobStatus(ref, options);
          report({ type: 'polled', vendor: id, ref, state: status.state });
          return status;
        } catch (error) {
          report({ type: 'polled', vendor: id, ref, error: error?.name ?? String(error) });
          throw error;
        }
      },
    };
  }
  const worker = createWatchWorker({
    connection: { host: '127.0.0.1', port: Number(values['redis-port']) },
    prefix: values.prefix,
    sources,
    limits: values.limits ? JSON.parse(values.limits) : undefined,
    lockDurationMs: values['lock-duration-ms'] ? Number(values['lock-duration-ms']) : undefined,
    logger: { warn: (message, meta) => report({ type: 'warn', message, meta }) },
  });
  await worker.ready();
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    // A close that cannot finish (Redis gone for good) must not leave the process behind.
    setTimeout(() => process.exit(1), 10_000).unref();
    worker.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`worker-process: close failed: ${error?.stack ?? error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('message', (message) => {
    if (message?.type === 'close') close();
  });
  // The parent gone (its IPC channel closed): do not outlive it.
  process.on('disconnect', close);
  report({ type: 'ready' });
} catch (error) {
  process.stderr.write(`worker-process: ${error?.stack ?? error}\n`);
  process.exit(1);
}
