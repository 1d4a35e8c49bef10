// What names a watch in Redis: its id (the BullMQ job id) and the queue it lives in. BullMQ refuses
// custom job ids that contain `:` (its key separator) or read as an integer, so the id is built from
// the vendor and a percent-encoded ref: `alteryx-server/6a1f…`, `aspera-orchestrator/?stepId=2&workOrderId=17`.
import type { VendorId } from '@jobwire/core';
import type { WatchRef } from './types.js';

/** The key prefix of every queue of this package unless `prefix` says otherwise. */
export const DEFAULT_PREFIX = 'jobwire';

/** The queue finished watches' results are added to (`createResultWorker` consumes it). */
export const RESULTS_QUEUE = 'watch-results';

/** A vendor id as this package accepts it: lower-case letters, digits and dashes, starting with a letter. */
const VENDOR_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * The BullMQ queue of one vendor's watches: `watch-<vendor>` (so each vendor has its own limiter).
 * @throws RangeError for a vendor id that is not lower-case letters, digits and dashes.
 */
export function watchQueueName(vendor: VendorId): string {
  checkVendor(vendor);
  return `watch-${vendor}`;
}

/** @throws RangeError for a vendor id that is not lower-case letters, digits and dashes. */
export function checkVendor(vendor: unknown): asserts vendor is VendorId {
  if (typeof vendor !== 'string' || !VENDOR_PATTERN.test(vendor)) {
    throw new RangeError(
      `@jobwire/bullmq: a vendor id is lower-case letters, digits and dashes (e.g. alteryx-server), got ${JSON.stringify(vendor)}`,
    );
  }
}

/**
 * @throws TypeError for a ref that is not a non-empty string or a non-empty flat object of strings and finite numbers.
 */
export function checkRef(ref: unknown): asserts ref is WatchRef {
  if (typeof ref === 'string') {
    if (ref !== '') return;
  } else if (ref !== null && typeof ref === 'object' && !Array.isArray(ref)) {
    const values = Object.values(ref);
    if (
      values.length > 0 &&
      values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
    )
      return;
  }
  throw new TypeError(
    '@jobwire/bullmq: a watch ref is a non-empty string or a non-empty flat object of strings and finite numbers',
  );
}

/**
 * The id of the watch of `ref` on `vendor`: the same for the same vendor and ref, so adding a watch
 * twice finds the first one. A string ref stays readable (percent-encoded: `alteryx-server/job%3A1`);
 * an object ref is written as a query of its fields sorted by name (`?stepId=2&workOrderId=17`), which
 * no string ref can be (its `?` would be encoded). Numbers and their text give the same id.
 * @throws RangeError for a bad vendor id; TypeError for a ref that is not a `WatchRef`.
 */
export function watchId(vendor: VendorId, ref: WatchRef): string {
  checkVendor(vendor);
  checkRef(ref);
  if (typeof ref === 'string') return `${vendor}/${encodeURIComponent(ref)}`;
  const fields = Object.keys(ref)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(String(ref[name]))}`);
  return `${vendor}/?${fields.join('&')}`;
}
