// The errors this package throws itself (besides core's, and RangeError/TypeError for bad arguments).
import { JobwireError, type VendorId } from '@jobwire/core';

/**
 * A vendor was named (in a worker's `limits`) that the worker has no source for: it would never
 * poll that vendor's watches, which is almost certainly a mistake in the configuration.
 */
export class UnknownVendorError extends JobwireError {
  static {
    UnknownVendorError.prototype.name = 'UnknownVendorError';
  }
  /**
   * @param vendor - The vendor named without a source.
   * @param operation - What named it (`createWatchWorker`).
   * @param message - What was wrong (default: `<vendor>: no source for this vendor`).
   */
  constructor(vendor: VendorId, operation: string, message = `${vendor}: no source for this vendor`) {
    super(message, { vendor, operation });
  }
}
