import { UnexpectedResponseError } from './errors.js';
import { excerptOf } from './http/server-message.js';
import type { VendorId } from './status.js';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ShapeContext {
  vendor: VendorId;
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
    text = String(value);
  }
  const excerpt = excerptOf(text, undefined, context.redact);
  return new UnexpectedResponseError(`${context.vendor} ${context.operation}: unexpected response, expected ${expected}`, {
    vendor: context.vendor,
    operation: context.operation,
    excerpt,
  });
}
