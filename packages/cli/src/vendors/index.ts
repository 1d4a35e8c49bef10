import { UsageError } from '../errors.js';
import { alteryxServer } from './alteryx-server.js';
import type { VendorAdapter } from './types.js';

export type { CallOptions, ClientTuning, Setting, Settings, VendorAdapter, VendorSession } from './types.js';

/** Every vendor the command line speaks to, in the order `demo` and `--help` list them. */
export const adapters: readonly VendorAdapter[] = [alteryxServer];

export function adapterFor(vendor: string): VendorAdapter {
  const adapter = adapters.find((a) => a.vendor === vendor);
  if (adapter === undefined) {
    throw new UsageError(`unknown vendor ${JSON.stringify(vendor)}; one of: ${adapters.map((a) => a.vendor).join(', ')}`);
  }
  return adapter;
}
