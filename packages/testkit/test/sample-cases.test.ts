/**
 * `runSampleCases` on a tiny fake client: the cases in sample-cases/cases/ pass through vitest as a
 * vendor package runs them; each case in sample-cases/failing/ is run by hand and must fail, for
 * the reason its name gives; the folders in sample-cases/malformed/ are refused when read.
 */
import { describe, expect, it } from 'vitest';
import { runSampleCases, type SampleCasesOptions } from '../src/index.js';
import { normalizeXml, readSampleCase, readSampleCases, runSampleCase } from '../src/sample-cases.js';

/** An error shaped like jobwire's: a name and the HTTP status. */
class FakeHttpError extends Error {
  constructor(
    override readonly name: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A client of a made-up API, small enough to read at a glance. It retries a 503 once. */
function fakeClient(url: string) {
  const send = async (operation: string, path: string, init: RequestInit = {}, retried = false): Promise<Response> => {
    const response = await fetch(`${url}${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } });
    if (response.status === 503 && !retried) return send(operation, path, init, true);
    if (response.ok) return response;
    const body = (await response.json()) as { message?: string };
    const name = response.status === 404 ? 'NotFoundError' : response.status >= 500 ? 'ServerError' : 'ApiError';
    const requestId = response.headers.get('x-request-id');
    throw new FakeHttpError(
      name,
      response.status,
      `${operation} failed: HTTP ${response.status}: ${body.message}${requestId ? ` (request ${requestId})` : ''}`,
    );
  };
  const thing = async (response: Response) => {
    const body = (await response.json()) as { id: string; state: string };
    return { id: body.id, state: body.state.toLowerCase() };
  };
  return {
    getThing: async (id: string) => thing(await send('getThing', `/api/things/${encodeURIComponent(id)}?full=true`)),
    createThing: async (input: object) =>
      thing(
        await send('createThing', '/api/things', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
        }),
      ),
    sendXml: async (id: string) => {
      const response = await send('sendXml', '/xml', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: `<envelope><send>\n<id>${id}</id></send>  </envelope>`,
      });
      return /<id>([^<]*)<\/id>/.exec(await response.text())?.[1];
    },
    getText: async () => {
      const response = await send('getText', '/text');
      return { contentType: response.headers.get('content-type'), text: await response.text() };
    },
  };
}

type FakeClient = ReturnType<typeof fakeClient>;

const options: SampleCasesOptions<FakeClient> = {
  client: fakeClient,
  call: (client, operation, input) => {
    const args = (input ?? []) as unknown[];
    switch (operation) {
      case 'getThing':
        return client.getThing(args[0] as string);
      case 'createThing':
        return client.createThing(args[0] as object);
      case 'sendXml':
        return client.sendXml(args[0] as string);
      case 'getText':
        return client.getText();
      default:
        throw new RangeError(`the fake client has no ${operation}`);
    }
  },
};

const samples = new URL('./sample-cases/samples/', import.meta.url);
const folder = (path: string) => new URL(`./sample-cases/${path}/`, import.meta.url).pathname;

await runSampleCases(new URL('./sample-cases/cases/', import.meta.url), {
  ...options,
  samples,
  title: 'fake client sample cases',
});

describe('cases that must fail, each for its reason', () => {
  it.each([
    ['getThing__wrong-result', 'getThing__wrong-result: result'],
    ['getThing__wrong-path', 'getThing__wrong-path: request path'],
    [
      'getThing__error-expected',
      'getThing__error-expected: expected NotFoundError, the call resolved with {"id":"t1","state":"running"}',
    ],
    ['getThing__wrong-error-status', 'getThing__wrong-error-status: error fields'],
    ['sendXml__other-body', 'sendXml__other-body: request body (XML)'],
    ['getThing__retried', 'getThing__retried: the client must send exactly one request'],
    [
      'getThing__rejects-unexpectedly',
      'getThing__rejects-unexpectedly: expected a result, the call rejected with NotFoundError: getThing failed: HTTP 404: No such thing.',
    ],
  ])('%s', async (name, message) => {
    await expect(runSampleCase(readSampleCase(folder(`failing/${name}`)), options)).rejects.toThrow(message);
  });

  it('an answer that differs from its sample by one byte (a final newline)', async () => {
    const sampleCase = readSampleCase(folder('failing/getThing__answer-not-the-sample'));
    await expect(runSampleCase(sampleCase, { ...options, samples })).rejects.toThrow(
      'getThing__answer-not-the-sample: answer.json must be a byte-for-byte copy of thing.json',
    );
    // The same case passes without the sample check: only the copy is wrong.
    await expect(runSampleCase({ ...sampleCase, meta: {} }, options)).resolves.toBeUndefined();
  });

  it('with a samples folder, a case must name its sample; without one, it must not', async () => {
    await expect(
      runSampleCase(readSampleCase(folder('failing/getThing__wrong-result')), { ...options, samples }),
    ).rejects.toThrow('getThing__wrong-result: meta.json must name the stored sample its answer.json copies');
    await expect(runSampleCase(readSampleCase(folder('cases/getThing__found')), options)).rejects.toThrow(
      'getThing__found: meta.json names a sample, but no samples folder was given',
    );
  });

  it('every failing case is listed above (a new one must say why it fails)', () => {
    expect(readSampleCases(new URL('./sample-cases/failing/', import.meta.url)).map((c) => c.name)).toEqual([
      'getThing__answer-not-the-sample',
      'getThing__error-expected',
      'getThing__rejects-unexpectedly',
      'getThing__retried',
      'getThing__wrong-error-status',
      'getThing__wrong-path',
      'getThing__wrong-result',
      'sendXml__other-body',
    ]);
  });
});

describe('reading case folders', () => {
  it('reads a case: operation, answer bytes, meta, input, expected, request', () => {
    const found = readSampleCase(folder('cases/getThing__found'));
    expect(found.name).toBe('getThing__found');
    expect(found.operation).toBe('getThing');
    expect(found.answerFile).toBe('answer.json');
    expect(Buffer.from(found.answer).toString('utf8')).toBe('{\n  "id": "t1",\n  "state": "RUNNING",\n  "extra": [1, 2]\n}\n');
    expect(found.meta).toEqual({ sample: 'thing.json' });
    expect(found.input).toEqual(['t1']);
    expect(found.expected).toEqual({ result: { id: 't1', state: 'running' } });
    expect(found.request).toEqual({
      method: 'GET',
      path: '/api/things/t1',
      query: { full: 'true' },
      headers: { Accept: 'application/json' },
    });
    expect(found.requestXml).toBeUndefined();
  });

  it.each([
    ['no-separator', 'sample case folder "no-separator" is not named <operation>__<case>'],
    ['getThing__typo-file', 'sample case getThing__typo-file: unknown file(s) expect.json'],
    ['getThing__two-answers', 'needs exactly one of answer.json, answer.xml, answer.txt (found 2)'],
    ['getThing__no-expected', 'expected.json must be { "result": … } or { "error": { "name": … } }'],
    ['getThing__both-bodies', 'the body is either request.xml or request.json\'s "body", not both'],
  ])('refuses malformed/%s', (name, message) => {
    expect(() => readSampleCase(folder(`malformed/${name}`))).toThrow(message);
  });

  it('a folder without cases, and skips naming no case or giving no reason, are refused', async () => {
    await expect(runSampleCases(samples, options)).rejects.toThrow('no sample case folders');
    const cases = new URL('./sample-cases/cases/', import.meta.url);
    await expect(runSampleCases(cases, { ...options, skip: { getThing__missing: 'x' } })).rejects.toThrow(
      'skip names no sample case: "getThing__missing"',
    );
    await expect(runSampleCases(cases, { ...options, skip: { getThing__found: ' ' } })).rejects.toThrow(
      'skip of getThing__found needs a reason',
    );
  });

  it('normalizeXml drops white space between tags only', () => {
    expect(normalizeXml('\n<a>\n  <b> x y </b>\r\n\t<c/>\n</a>\n')).toBe('<a><b> x y </b><c/></a>');
  });
});
