// What bench/bullmq.mjs measures inside each follower process (the in-process baseline and every
// worker process), the same way in both: a status reader wrapped around the vendor client that
// counts every poll (per second of the phase, too) and notes when the poll that saw each job done
// started; and the process's heap, sampled every 25 ms.

export const realNow = () => performance.timeOrigin + performance.now();

/**
 * A `getJobStatus` that counts and times the client's: what the worker's `sources[vendor]` and the
 * baseline's `waitForJob` source both are, so polls are counted in the same place.
 */
export function countingSource(client, vendor) {
  const probe = {
    r0: Number.NaN,
    polls: 0,
    errors: {},
    /**
     * Polls answered per second of the phase (index = whole seconds after r0): counted when the
     * answer is back, since a call may wait in the client's own queue (`maxConcurrentRequests`).
     */
    perSecond: new Uint32Array(3600),
    count(at) {
      const second = Math.floor((at - probe.r0) / 1000);
      if (second >= 0 && second < probe.perSecond.length) probe.perSecond[second]++;
    },
    /** [ref, real ms the poll that saw the job done started, real ms it returned] */
    doneSeen: [],
    source: {
      vendor,
      async getJobStatus(ref, options) {
        const at = realNow();
        probe.polls++;
        try {
          const status = await client.getJobStatus(ref, options);
          const returned = realNow();
          probe.count(returned);
          if (status.done) probe.doneSeen.push([typeof ref === 'string' ? ref : JSON.stringify(ref), at, returned]);
          return status;
        } catch (error) {
          probe.count(realNow());
          const name = error?.name ?? 'Error';
          probe.errors[name] = (probe.errors[name] ?? 0) + 1;
          throw error;
        }
      },
    },
    /** The per-second counts up to the last non-zero one (IPC-friendly). */
    seconds() {
      let end = probe.perSecond.length;
      while (end > 0 && probe.perSecond[end - 1] === 0) end--;
      return Array.from(probe.perSecond.subarray(0, end));
    },
  };
  return probe;
}

/** Peak heap and RSS, sampled every 25 ms from now on, after a GC baseline when --expose-gc. */
export function memorySampler() {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  }, 25);
  const cpu0 = process.resourceUsage();
  return {
    stop() {
      clearInterval(timer);
      const end = process.memoryUsage();
      globalThis.gc?.();
      const afterGc = process.memoryUsage();
      const cpu = process.resourceUsage();
      return {
        baseHeap: base.heapUsed,
        peakHeap,
        endHeap: end.heapUsed,
        endHeapAfterGc: globalThis.gc ? afterGc.heapUsed : undefined,
        baseRss: base.rss,
        peakRss: Math.max(peakRss, cpu.maxRSS * 1024),
        cpuMs: (cpu.userCPUTime + cpu.systemCPUTime - cpu0.userCPUTime - cpu0.systemCPUTime) / 1000,
      };
    },
  };
}
