// What runs in the page: bundled for the browser by esbuild and by Vite (bundlers.ts) from the
// built packages, exactly as a user's bundler would see them, together with every browser-capable
// vendor's definition (browser.test.ts writes the entry that imports them: no vendor is listed
// here). Loaded by e2e/browser.test.ts.
import type { JobStatus } from '@jobwire/core';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';

/** Starts the vendor's demo job, reads its status once, then waits for it: what the test asserts on. */
async function run(definition: VendorDefinition, settings: Settings) {
  const session = definition.connect(settings);
  const id = await session.startJob(definition.start.demo);
  const first = await session.getJobStatus(id);
  const seen: string[] = [];
  const final = await session.waitForJob(id, {
    timeoutMs: 20_000,
    minDelayMs: 50,
    maxDelayMs: 200,
    onProgress: (s: JobStatus) => seen.push(s.state),
  });
  return {
    id,
    first: { state: first.state, vendorStatus: first.vendorStatus },
    final: { state: final.state, done: final.done, vendorStatus: final.vendorStatus },
    seen,
    userAgent: navigator.userAgent,
  };
}

/** Makes `globalThis.jobwire.run(vendor, settings)` and `.simulator(vendor)` available to the test, for these definitions. */
export function install(definitions: readonly VendorDefinition[]): void {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  (globalThis as unknown as { jobwire: object }).jobwire = {
    vendors: [...byId.keys()],
    run(vendor: string, settings: Settings) {
      const definition = byId.get(vendor);
      if (!definition) throw new Error(`no browser definition for ${vendor}`);
      return run(definition, settings);
    },
    /** What `definition.simulator()` does in a browser (it needs Node.js): its rejection's message. */
    simulator(vendor: string) {
      const definition = byId.get(vendor);
      if (!definition) throw new Error(`no browser definition for ${vendor}`);
      return definition.simulator().then(
        () => 'resolved',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    },
  };
}
