// Child process of bench/bullmq.mjs: the baseline. The same jobs followed in ONE process by core's
// `waitForJob`, through the same vendor client and the same counting reader as the worker processes
// (lib/bullmq-probe.mjs), with the same schedule (core's defaults in dilated time). Each wait has its
// own seeded jitter (`random`), so its schedule can be replayed exactly with core's waiterDelay().
import { loadBuiltDefinition, workspaceVendors } from '../../tools/lib/vendors.mjs';
import { countingSource, memorySampler, realNow } from './bullmq-probe.mjs';
import { importDist, seededRandom } from './common.mjs';

process.once('message', async (setup) => {
  const { vendor, settings, ids, seed, minDelayMs, maxDelayMs } = setup;
  const core = await importDist('core');
  const definition = await loadBuiltDefinition(workspaceVendors().find((v) => v.id === vendor));
  const client = definition.connect(settings);
  const probe = countingSource(client, vendor);
  process.send({ type: 'ready' });

  process.once('message', async ({ r0 }) => {
    probe.r0 = r0;
    const memory = memorySampler();
    const resolvedAt = new Array(ids.length).fill(0);
    const polls = new Array(ids.length).fill(0);
    const states = {};
    const rejections = {};
    while (realNow() < r0) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      ids.map((id, i) =>
        core
          .waitForJob(probe.source, id, {
            minDelayMs,
            maxDelayMs,
            random: seededRandom(seed + i),
            onPoll: (event) => {
              polls[i] = event.poll;
            },
          })
          .then(
            (status) => {
              resolvedAt[i] = realNow();
              states[status.state] = (states[status.state] ?? 0) + 1;
            },
            (error) => {
              resolvedAt[i] = realNow();
              rejections[error?.name ?? 'Error'] = (rejections[error?.name ?? 'Error'] ?? 0) + 1;
            },
          ),
      ),
    );
    process.send(
      {
        type: 'stopped',
        polls: probe.polls,
        errors: probe.errors,
        perSecond: probe.seconds(),
        doneSeen: probe.doneSeen,
        memory: memory.stop(),
        resolvedAt,
        pollsPerJob: polls,
        states,
        rejections,
      },
      // A large message is still being written when send() returns: disconnect once it is out.
      () => process.disconnect(),
    );
  });
});
