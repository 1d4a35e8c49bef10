import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretName, type JobwireError } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';

const SECRET = 'S3cret-Value+/=';
const TOKEN = 'tok_abcdef123456';

describe('createRedactor', () => {
  const r = createRedactor([SECRET, TOKEN, undefined, '']);

  it('scrubs known secret values, raw, URL-encoded and JSON-escaped', () => {
    expect(r.text(`a ${SECRET} b`)).toBe('a *** b');
    expect(r.text(`q=${encodeURIComponent(SECRET)}`)).toBe('q=***');
    expect(r.text(JSON.stringify({ note: `x${SECRET}` }))).toBe('{"note":"x***"}');
  });

  it('scrubs the forms strict encoders and lenient writers produce (RFC 3986, URLSearchParams, .NET JSON, lenient XML)', () => {
    const awkward = createRedactor([`S3cr&t<"'>+/= %x`]);
    // RFC 3986-strict: `'` → %27 (encodeURIComponent leaves it); URLSearchParams: space → +, `'` → %27.
    expect(awkward.text('said: S3cr%26t%3C%22%27%3E%2B%2F%3D%20%25x.')).toBe('said: ***.');
    expect(awkward.text(`said: ${new URLSearchParams({ v: `S3cr&t<"'>+/= %x` }).toString().slice(2)}.`)).toBe('said: ***.');
    // .NET's JSON writer escapes <>&'"+ as \uXXXX; a lenient XML writer leaves > and ' alone.
    expect(awkward.text('{"m":"S3cr\\u0026t\\u003c\\u0022\\u0027\\u003e\\u002b/= %x"}')).toBe('{"m":"***"}');
    expect(awkward.text(`<m>S3cr&amp;t&lt;"'>+/= %x</m>`)).toBe('<m>***</m>');
  });

  it('scrubs secret-named pairs in query strings, forms, JSON and header lines', () => {
    expect(r.text('grant_type=client_credentials&client_secret=abc&x=1')).toBe(
      'grant_type=client_credentials&client_secret=***&x=1',
    );
    expect(r.text('{"username":"bob","password":"pw","auth_tkn":"t1"}')).toBe(
      '{"username":"bob","password":"***","auth_tkn":"***"}',
    );
    expect(r.text('{"password":"trunc')).toBe('{"password":"***"');
    expect(r.text('Authorization: Basic Ym9iOnB3\nAccept: json')).toBe('Authorization: ***\nAccept: json');
    expect(r.text('Authentication-Token: abc')).toBe('Authentication-Token: ***');
    expect(r.text('sent Bearer eyJhbGciOi.x.y')).toBe('sent Bearer ***');
    expect(r.text('<ns:auth_tkn>abc</ns:auth_tkn><user>bob</user>')).toBe('<ns:auth_tkn>***</ns:auth_tkn><user>bob</user>');
  });

  it('scrubs the password of URLs inside free text and XML', () => {
    expect(r.text('cannot read ftp://user:pa55@CIS:21/repository/movie.ts: timeout')).toBe(
      'cannot read ftp://user:***@CIS:21/repository/movie.ts: timeout',
    );
    expect(r.text('<SourceAssetUrl>ftp://u:p@h/x</SourceAssetUrl>')).toBe('<SourceAssetUrl>ftp://u:***@h/x</SourceAssetUrl>');
    expect(r.text('mail bob@example.com via http://host/x')).toBe('mail bob@example.com via http://host/x');
  });

  it('scrubs URLs: userinfo password and secret query parameters, keeping the rest as sent', () => {
    expect(r.url('https://bob:pw@host/api/x?login=bob&password=hunter&api_key=k1&format=json')).toBe(
      'https://bob:***@host/api/x?login=bob&password=***&api_key=***&format=json',
    );
    expect(r.url('http://h/initiate/1.json?external_parameters[password]=p&external_parameters[file]=a.mp4')).toBe(
      'http://h/initiate/1.json?external_parameters[password]=***&external_parameters[file]=a.mp4',
    );
    expect(r.url(new URL('http://h/x?Token=abc#frag'))).toBe('http://h/x?Token=***#frag');
    expect(r.url('not a url password=x')).toBe('not a url password=***');
  });

  it('scrubs headers by name and by value', () => {
    const headers = new Headers({
      Authorization: 'Bearer x',
      'Authentication-Token': 'y',
      Cookie: 'c',
      'X-Note': `has ${TOKEN}`,
      Accept: 'json',
    });
    expect(r.headers(headers)).toEqual({
      accept: 'json',
      'authentication-token': '***',
      authorization: '***',
      cookie: '***',
      'x-note': 'has ***',
    });
    expect(r.headers({ 'X-API-Key': 'k' })).toEqual({ 'X-API-Key': '***' });
    expect(r.headers(undefined)).toEqual({});
  });

  it('deep-copies values, replacing secret-named keys and scrubbing strings, cycles included', () => {
    const input: Record<string, unknown> = { user: 'bob', nested: { client_secret: 'cs', list: [`a${TOKEN}`, 1, null] } };
    input.self = input;
    const out = r.value(input) as Record<string, unknown>;
    expect(out.user).toBe('bob');
    expect(out.nested).toEqual({ client_secret: '***', list: ['a***', 1, null] });
    expect(out.self).toBe('[circular]');
    expect((input.nested as Record<string, unknown>).client_secret).toBe('cs');
  });

  it('learns secrets added later', () => {
    const late = createRedactor();
    expect(late.text('abc-issued-token')).toBe('abc-issued-token');
    late.add('abc-issued-token');
    expect(late.text('x abc-issued-token y')).toBe('x *** y');
  });

  it('recognises secret names loosely', () => {
    for (const name of [
      'password',
      'PASSWORD',
      'api_key',
      'api-key',
      'apikey',
      'client_secret',
      'Authentication-Token',
      'authorization',
      'cookie',
      'auth_tkn',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['login', 'username', 'format', 'work_order_id']) expect(isSecretName(name), name).toBe(false);
  });
});

describe('no secret escapes through an error', () => {
  const leaks = (error: JobwireError, secrets: string[]) => {
    const views = [error.message, String(error.stack), String(error), JSON.stringify(error), inspect(error, { depth: 10 })];
    return secrets.filter((secret) => views.some((view) => view.includes(secret)));
  };

  const cases: Array<[string, (request: Request) => Response]> = [
    ['401 echoing the credentials', () => Response.json({ message: `bad password ${SECRET}`, token: TOKEN }, { status: 401 })],
    [
      '500 with a stack trace quoting the URL',
      (req) => new Response(`Error at ${req.url}\nAuthorization: Bearer ${TOKEN}`, { status: 500 }),
    ],
    [
      '404 with a Set-Cookie header',
      () => new Response('{"message":"nope"}', { status: 404, headers: { 'set-cookie': `sid=${TOKEN}`, 'x-echo': SECRET } }),
    ],
    [
      '200 with a truncated body',
      () => new Response(`{"password":"${SECRET}","x`, { headers: { 'content-type': 'application/json' } }),
    ],
  ];

  it.each(cases)('%s', async (_name, handler) => {
    const transport = createHttpTransport({
      vendor: 'aspera-orchestrator',
      redactor: createRedactor([SECRET, TOKEN]),
      fetch: async (request) => handler(request),
      retry: false,
    });
    const url = `http://127.0.0.1/api/x?login=bob&password=${encodeURIComponent(SECRET)}&api_key=${TOKEN}`;
    const error = await transport.fetch(new Request(url, { headers: { authorization: `Bearer ${TOKEN}` } })).then(
      () => undefined,
      (e: JobwireError) => e,
    );
    expect(error?.name).toMatch(/Error$/);
    expect(leaks(error as JobwireError, [SECRET, encodeURIComponent(SECRET), TOKEN])).toEqual([]);
  });

  it('a network failure whose message quotes the URL', async () => {
    const transport = createHttpTransport({
      vendor: 'aspera-orchestrator',
      redactor: createRedactor([SECRET]),
      fetch: async (request) => {
        throw new TypeError(`fetch failed for ${request.url}`, { cause: new Error(`ECONNRESET ${request.url}`) });
      },
      retry: false,
    });
    const error = (await transport
      .fetch(new Request(`http://127.0.0.1/x?password=${SECRET}`))
      .catch((e: JobwireError) => e)) as JobwireError;
    expect(error.name).toBe('ConnectionError');
    expect(leaks(error as JobwireError, [SECRET, encodeURIComponent(SECRET)])).toEqual([]);
    expect(inspect((error as Error).cause)).not.toContain(SECRET);
  });
});
