// A loopback HTTP proxy in front of a simulator that echoes every request back in its answer: each
// request header as an `x-echo-<name>` response header, and the request line, headers and body
// inside the body — raw, URL-encoded, JSON- and XML-escaped, and each value the request carried in
// base64 / base64url. The worst server a recorder can meet: every credential the client sent comes
// back in every answer, in every form. It also sets a session cookie (a secret the server issues)
// and tells it in the body, as servers that name the session in their answers do. Bodies stay
// well-formed, so the client still decodes them and the probes still pass. Tests only.
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy got it, what the simulator answered, and what the proxy answered. */
export interface EchoExchange {
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  upstream: { status: number; headers: Record<string, string>; body: string };
  answer: { status: number; headers: Record<string, string>; body: string };
}

/** A running echo proxy. */
export interface EchoProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every exchange so far, in order. */
  readonly exchanges: readonly EchoExchange[];
  /** The session cookie's value the proxy issues in every answer (`set-cookie: JSESSIONID=…`). */
  readonly sessionCookie: string;
  /** Closes the proxy and every connection. */
  close(): Promise<void>;
}

/** Options of {@link startEchoProxy}. */
export interface EchoProxyOptions {
  /**
   * Headers added to the forwarded request when the client did not send them: a gateway that
   * authenticates for the client (APUBI's simulator always asks for Basic; a client with no
   * credentials reaches it through such a gateway).
   */
  upstreamHeaders?: Record<string, string>;
}

// Transport headers: recomputed for the new body, never copied.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

export const xmlEscaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
export const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);
const formEncoded = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
// RFC 3986 percent-encoding: encodeURIComponent leaves !'()* as they are.
const strictEncoded = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Every value the request carried on its own: header values (and what follows `Basic `/`Bearer `), query and form values, JSON strings. */
function carriedValues(url: string, headers: Record<string, string>, body: string): string[] {
  const values: string[] = [];
  for (const value of Object.values(headers)) {
    values.push(value);
    const scheme = /^(?:Basic|Bearer) (.+)$/i.exec(value);
    if (scheme?.[1]) values.push(scheme[1]);
  }
  for (const [, value] of new URL(url, 'http://echo.invalid').searchParams) values.push(value);
  const contentType = headers['content-type'] ?? '';
  if (contentType.includes('x-www-form-urlencoded')) for (const [, value] of new URLSearchParams(body)) values.push(value);
  if (contentType.includes('json')) {
    const strings = (node: unknown): void => {
      if (typeof node === 'string') values.push(node);
      else if (node !== null && typeof node === 'object') for (const child of Object.values(node)) strings(child);
    };
    try {
      strings(JSON.parse(body));
    } catch {
      // not JSON after all: its text is echoed anyway
    }
  }
  return [...new Set(values.filter((value) => value !== ''))];
}

/** The echo of one request, in every form, for the answer's body. */
function echoOf(
  method: string,
  url: string,
  rawHeaders: string[],
  headers: Record<string, string>,
  body: string,
  session: string,
) {
  const lines: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  const text = [`${method} ${url}`, ...lines, '', body].join('\n');
  // Each value alone too, decoded (a password from a query string or a JSON body) and in every form.
  const values = carriedValues(url, headers, body).map((value) => ({
    raw: value,
    urlEncoded: encodeURIComponent(value),
    urlEncodedLower: lowerHex(encodeURIComponent(value)),
    strictEncoded: strictEncoded(value),
    strictEncodedLower: lowerHex(strictEncoded(value)),
    formEncoded: formEncoded(value),
    formEncodedLower: lowerHex(formEncoded(value)),
    jsonEscaped: jsonEscaped(value),
    xmlEscaped: xmlEscaped(value),
    xmlText: value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    base64: base64(value),
    base64url: base64url(value),
  }));
  return {
    text,
    urlEncoded: encodeURIComponent(text),
    jsonEscaped: jsonEscaped(text),
    xmlEscaped: xmlEscaped(text),
    values,
    session,
  };
}

type Echo = ReturnType<typeof echoOf>;

/** The echo as lines of text: for XML comments and text answers. */
const echoLines = (echo: Echo) => [
  echo.text,
  echo.urlEncoded,
  echo.jsonEscaped,
  echo.xmlEscaped,
  ...echo.values.flatMap((value) => Object.values(value)),
  echo.session,
];

/** The upstream body with the echo inside, still well-formed in its content type; unchanged when it has no room for one. */
function withEcho(body: string, contentType: string, echo: Echo): string {
  if (body === '') return body; // 204 and bodiless answers stay bodiless: headers carry the echo
  if (/json/i.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${body}\n${echo.text}`; // not JSON after all: echoed as text
    }
    const target = Array.isArray(parsed) ? parsed.find((item) => item !== null && typeof item === 'object') : parsed;
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return body; // a JSON scalar: headers only
    (target as Record<string, unknown>)._echo = echo;
    return JSON.stringify(parsed);
  }
  if (/xml/i.test(contentType)) {
    // A comment before the closing root tag: an extra element would be read as one more item of a
    // list (Aspera's <work-orders>), a comment is skipped by every XML reader.
    const close = body.lastIndexOf('</');
    if (close < 0) return body; // a self-closed root only: headers carry the echo
    // `--` may not appear inside a comment: split it (none of the tests' secrets holds `--`).
    const comment = `<!-- echo\n${echoLines(echo).join('\n').replace(/--/g, '- -')}\n-->`;
    return `${body.slice(0, close)}${comment}${body.slice(close)}`;
  }
  return [body, '', '--- echo ---', ...echoLines(echo)].join('\n');
}

/** Starts an echo proxy on 127.0.0.1 and a free port in front of `target` (an origin: `http://127.0.0.1:1234`). */
export async function startEchoProxy(target: string, options: EchoProxyOptions = {}): Promise<EchoProxy> {
  const upstreamOrigin = new URL(target);
  const sessionCookie = `proxy-session-${randomBytes(12).toString('hex')}`;
  const exchanges: EchoExchange[] = [];
  const server = createServer((message, response) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = message.method ?? 'GET';
      const url = message.url ?? '/';
      const headers = flatHeaders(message.headers);
      const forwarded: Record<string, string> = { ...options.upstreamHeaders, ...headers, 'accept-encoding': 'identity' };
      delete forwarded.connection;
      const upstream = httpRequest(
        { host: upstreamOrigin.hostname, port: upstreamOrigin.port, method, path: url, headers: forwarded },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const upstreamBody = Buffer.concat(answerChunks).toString('utf8');
            const upstreamHeaders = flatHeaders(answer.headers);
            const echo = echoOf(method, url, message.rawHeaders, headers, body, sessionCookie);
            const out: Record<string, string> = {};
            for (const [name, value] of Object.entries(upstreamHeaders)) if (!HOP_BY_HOP.has(name)) out[name] = value;
            out['x-echo-url'] = url;
            out['x-echo-body'] = body.replace(/[^\x20-\x7e\t]+/g, ' '); // a header value: one line, printable
            for (const [name, value] of Object.entries(headers)) out[`x-echo-${name}`] = value;
            out['set-cookie'] = `JSESSIONID=${sessionCookie}; Path=/; HttpOnly`;
            const answerBody = method === 'HEAD' ? '' : withEcho(upstreamBody, upstreamHeaders['content-type'] ?? '', echo);
            exchanges.push({
              request: { method, url, headers, body },
              upstream: { status: answer.statusCode ?? 0, headers: upstreamHeaders, body: upstreamBody },
              answer: { status: answer.statusCode ?? 0, headers: out, body: answerBody },
            });
            response.writeHead(answer.statusCode ?? 502, out);
            response.end(answerBody);
          });
        },
      );
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`echo proxy: ${error.message}`);
      });
      upstream.end(body === '' ? undefined : Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    sessionCookie,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
