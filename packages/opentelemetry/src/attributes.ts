// Attribute values after OpenTelemetry's semantic conventions (HTTP client spans and metrics, `error.type`).

/** The methods the HTTP conventions know; any other is reported as `_OTHER`. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

/** `http.request.method`: the method when the conventions know it, `_OTHER` otherwise. */
export function methodOf(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** `server.address` and `server.port` of a URL. */
export interface Server {
  address: string;
  port: number | undefined;
}

/**
 * The host and port of an absolute URL, by slicing rather than `new URL` (this runs for every call's
 * metrics, also when no span records). The port is the scheme's default when the URL names none.
 */
export function serverOf(url: string): Server | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return undefined;
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  let authority = url.slice(schemeEnd + 3);
  const end = authority.search(/[/?#]/);
  if (end >= 0) authority = authority.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1); // userinfo: never an attribute
  let host = authority;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = authority.slice(1, close < 0 ? undefined : close);
    if (close >= 0 && authority[close + 1] === ':') port = authority.slice(close + 2);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
  }
  if (host === '') return undefined;
  const number = port ? Number(port) : scheme === 'https' ? 443 : scheme === 'http' ? 80 : Number.NaN;
  return { address: host.toLowerCase(), port: Number.isInteger(number) ? number : undefined };
}

/**
 * `error.type` of an error: its class name (`ServerError`, `TimeoutError`: jobwire's errors set
 * `name`), `_OTHER` for a thrown value that is no error.
 */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || '_OTHER';
  return '_OTHER';
}

/**
 * `error.type` of an attempt: the status code as a string for an answer of 400 or more (the HTTP
 * conventions' rule for clients), else the error's class name, else none.
 */
export function attemptErrorType(status: number | undefined, error: unknown): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  if (error !== undefined) return errorTypeOf(error);
  return undefined;
}

/** A span status message: the error's message (jobwire's messages are redacted), no stack. */
export function errorMessageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
