import { UsageError } from '../errors.js';
import { alteryxServer } from './alteryx-server.js';
import { asperaOrchestrator } from './aspera-orchestrator.js';
import { elmaRpa } from './elma-rpa.js';
import { nagraApubi } from './nagra-apubi.js';
import { truesightOrchestration } from './truesight-orchestration.js';
import type { VendorAdapter } from './types.js';

export type { CallOptions, ClientTuning, Setting, Settings, VendorAdapter, VendorSession } from './types.js';

/** Every vendor the command line speaks to, in the order `demo` and `--help` list them. */
export const adapters: readonly VendorAdapter[] = [
  alteryxServer,
  asperaOrchestrator,
  truesightOrchestration,
  elmaRpa,
  nagraApubi,
];

/** The vendor adapter the commands use for `vendor`; throws a `UsageError` naming the known vendors. */
export function adapterFor(vendor: string): VendorAdapter {
  const adapter = adapters.find((a) => a.vendor === vendor);
  if (adapter === undefined) {
    throw new UsageError(`unknown vendor ${JSON.stringify(vendor)}; one of: ${adapters.map((a) => a.vendor).join(', ')}`);
  }
  return adapter;
}
