import { UnexpectedResponseError } from './errors.js';
import { excerptOf } from './http/server-message.js';
import type { VendorId } from './status.js';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a body that does not have the documented shape came from, for its `UnexpectedResponseError`. */
export interface ShapeContext {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The operation, as named in errors and logs (e.g. `getJobStatus`). */
  operation: string;
  /** Scrubs the excerpt (a client's redactor `text`). */
  redact?: (text: string) => string;
}

/** The error for a body that parsed but does not have the documented shape. */
export function shapeError(context: ShapeContext, expected: string, value: unknown): UnexpectedResponseError {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    // Too deep to serialise (String() of a nested array recurses too): name the kind, never throw here.
    text = Array.isArray(value) ? '[deeply nested array]' : '[deeply nested object]';
  }
  const excerpt = excerptOf(text, undefined, context.redact);
  return new UnexpectedResponseError(`${context.vendor} ${context.operation}: unexpected response, expected ${expected}`, {
    vendor: context.vendor,
    operation: context.operation,
    excerpt,
  });
}
