import { describe, expect, it } from 'vitest';
import { watchId } from '../src/index.js';
import { redisServerPath } from './support/redis-server.js';
import { simulate, vendorDefinitions } from './support/simulated.js';
import { useRedis } from './support/use-redis.js';

// A watch of each vendor's simulated job ends with the job's true terminal state, succeeded or
// failed, delivered once to the result worker and readable through `result()`.
const definitions = await vendorDefinitions();
const fast = { minDelayMs: 20, maxDelayMs: 50, timeoutMs: 60_000 };

describe.skipIf(!redisServerPath)('watches on the five simulators', () => {
  const fixture = useRedis();
  const { closers } = fixture;

  const cases = definitions.flatMap((definition) =>
    (['succeeded', 'failed'] as const).map((outcome) => ({ vendor: definition.id, definition, outcome })),
  );
  it.each(cases)(
    '$vendor: a $outcome job ends the watch with done, $outcome',
    async ({ vendor, definition, outcome }) => {
      const simulated = await simulate(definition, { outcome });
      closers.push(() => simulated.close());
      const { queue, results } = fixture.follow({ [vendor]: simulated.session });

      const jobId = await simulated.startJob();
      const startedBefore = Date.now();
      const watch = await queue.watch(vendor, jobId, fast);
      expect(watch.id).toBe(watchId(vendor, jobId));
      expect(watch.vendor).toBe(vendor);
      expect(watch.ref).toBe(jobId);
      expect(watch.created).toBe(true);

      const result = await results.result(watch.id);
      expect(result.id).toBe(watch.id);
      expect(result.vendor).toBe(vendor);
      expect(result.ref).toBe(jobId);
      expect(result.outcome).toBe('done');
      if (result.outcome !== 'done') return;
      expect(result.status.id).toBe(jobId);
      expect(result.status.state).toBe(outcome);
      expect(result.status.done).toBe(true);
      expect(result.status.vendor).toBe(vendor);
      expect(typeof result.status.vendorStatus).toBe('string');
      expect('raw' in result.status).toBe(false);
      expect(result.polls).toBeGreaterThanOrEqual(1);
      expect(result.startedAt).toBeGreaterThanOrEqual(startedBefore);
      expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt);

      // The finished watch keeps its result (the watch job's return value), the same one delivered.
      expect(await queue.result(vendor, jobId)).toEqual(result);
      // And the true state is what the vendor says now.
      const now = await simulated.session.getJobStatus(jobId);
      expect(now.state).toBe(outcome);
    },
    60_000,
  );

  it.each(definitions.map((definition) => ({ vendor: definition.id, definition })))(
    '$vendor: a job the server does not know ends the watch with the error the client throws, after one poll',
    async ({ vendor, definition }) => {
      const simulated = await simulate(definition);
      closers.push(() => simulated.close());
      const { queue, results } = fixture.follow({ [vendor]: simulated.session });

      // An id of the vendor's own shape that no job has: start one, then change its last hex digit.
      const known = await simulated.startJob();
      const unknown = known.replace(/[0-9a-f](?=[^0-9a-f]*$)/i, (c) => (c === '9' ? '8' : c.toLowerCase() === 'f' ? 'e' : '9'));
      expect(unknown).not.toBe(known);
      const direct = await simulated.session.getJobStatus(unknown).then(
        () => undefined,
        (error: unknown) => error as Error & { status?: number },
      );
      expect(direct).toBeInstanceOf(Error);

      const watch = await queue.watch(vendor, unknown, fast);
      const result = await results.result(watch.id);
      expect(result.outcome).toBe('error');
      if (result.outcome !== 'error') return;
      expect(result.polls).toBe(1);
      expect(result.lastStatus).toBeUndefined();
      expect(result.error.name).toBe(direct?.name);
      expect(result.error.message).toBe(direct?.message);
      expect(result.error.status).toBe(direct?.status);
      expect(result.error).not.toHaveProperty('stack');
    },
    60_000,
  );
});
