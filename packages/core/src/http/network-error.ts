import type { Redactor } from '../redact.js';

/** A network failure in words: undici's message, its cause and code (`ECONNREFUSED`), redacted. */
export function describeNetworkError(error: unknown, redactor: Redactor): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = cause ? `${message} (${cause.message})` : message;
  return redactor.text(typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text);
}

/** A copy of a low-level error that keeps its name, code and message but no secrets. */
export function safeCause(error: unknown, redactor: Redactor): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redactor.text(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
