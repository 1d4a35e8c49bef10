// Child process of bench/bullmq.mjs: one watch worker (`createWatchWorker` from the built
// @jobwire/bullmq) polling one vendor's watches through the vendor's own client, connected with the
// simulator's settings. Modules load and the client is made at "setup"; the worker itself is
// created at "start" (it takes watches as soon as it exists) and closed gracefully at "stop", when
// it reports its polls, heap and CPU.
import { loadBuiltDefinition, workspaceVendors } from '../../tools/lib/vendors.mjs';
import { countingSource, memorySampler } from './bullmq-probe.mjs';
import { importDist } from './common.mjs';

process.once('message', async (setup) => {
  const { vendor, settings, connection, prefix, concurrency } = setup;
  const { createWatchWorker } = await importDist('bullmq');
  const definition = await loadBuiltDefinition(workspaceVendors().find((v) => v.id === vendor));
  const client = definition.connect(settings);
  const probe = countingSource(client, vendor);
  const warnings = {};
  // Warnings only (no debug: a line per poll would be work the baseline does not do), counted.
  const logger = {
    warn(message) {
      const key = String(message).replace(/\d+/g, 'N').slice(0, 120);
      warnings[key] = (warnings[key] ?? 0) + 1;
    },
  };
  let worker;
  let memory;
  process.send({ type: 'ready' });

  process.on('message', async (message) => {
    if (message.type === 'start') {
      probe.r0 = message.r0;
      memory = memorySampler();
      worker = await createWatchWorker({
        connection,
        prefix,
        sources: { [vendor]: probe.source },
        limits: concurrency ? { [vendor]: { concurrency } } : undefined,
        logger,
      });
      await worker.ready();
      process.send({ type: 'started' });
    }
    if (message.type === 'stop') {
      const closing = performance.now();
      await worker.close();
      const closeMs = performance.now() - closing;
      process.send(
        {
          type: 'stopped',
          polls: probe.polls,
          errors: probe.errors,
          warnings,
          perSecond: probe.seconds(),
          doneSeen: probe.doneSeen,
          memory: memory.stop(),
          closeMs,
        },
        // A large message is still being written when send() returns: disconnect once it is out.
        () => process.disconnect(),
      );
    }
  });
});
