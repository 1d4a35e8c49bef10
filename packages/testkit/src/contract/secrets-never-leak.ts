// No secret setting's value — the right one or a wrong one, raw or in any form it travels in — shows
// in an error (message, stack, JSON, util.inspect, its causes) or in anything the session logged:
// with good or bad credentials against the simulator, and against a server whose error answers echo
// back everything the client sent (headers, URL, body), in every auth mode the settings allow.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import { findSecretLeaks } from '../reliability.js';
import { rejectionOf } from './assertions.js';
import { type ContractGroup, QUICK_POLLS, SHORT_LIFE } from './case.js';
import { secretValues, wrongCredentials } from './harness.js';
import { type LoopbackRequest, settingsOn, startLoopbackServer } from './loopback-server.js';

const xmlEscaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const formEncoded = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Every form a secret travels or is shown in: raw, URL-encoded (path/query, RFC 3986-strict and form), JSON- and
 * XML-escaped, and HTTP Basic `name:secret` in base64 (raw and form-encoded, as OAuth's
 * client_secret_basic sends it) with each non-secret setting as the name.
 */
export function secretForms(definition: VendorDefinition, settings: Settings): string[] {
  const secrets = secretValues(definition, settings);
  const names = definition.settings
    .filter((setting) => setting.secret !== true)
    .map((setting) => settings[setting.key])
    .filter((value): value is string => typeof value === 'string' && value !== '');
  const forms = secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    // RFC 3986-strict, as some clients encode queries (`'` → %27, which encodeURIComponent keeps).
    encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    formEncoded(secret),
    JSON.stringify(secret).slice(1, -1),
    xmlEscaped(secret),
    ...names.flatMap((name) => [base64(`${name}:${secret}`), base64(`${formEncoded(name)}:${formEncoded(secret)}`)]),
  ]);
  // findSecretLeaks cannot look for fewer than 4 characters without false alarms.
  return [...new Set(forms)].filter((form) => form.length >= 4);
}

/** Collects leaks of `forms` from errors (and their `cause` chains) and log lines. */
function leakFinder(forms: readonly string[]) {
  assert.ok(forms.length > 0, 'no secret setting of 4 characters or more to look for');
  const leaks: string[] = [];
  return {
    leaks,
    look(what: string, error: unknown, logged: ReadonlyArray<{ args: unknown[] }>) {
      for (const leak of findSecretLeaks(error, forms, logged)) leaks.push(`${what}: ${leak}`);
      let cause = error instanceof Error ? error.cause : undefined;
      for (let depth = 1; cause !== undefined && depth <= 10; depth++) {
        for (const leak of findSecretLeaks(cause, forms)) leaks.push(`${what}, cause ${depth}: ${leak}`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    },
  };
}

/** A secret with characters that every encoding changes, so each form is a different string. */
const awkwardSecret = (key: string) => `echo-${key}-S3cr&t<"'>+/= %x`;

/**
 * The auth modes the settings allow, all on the echo server with awkward secrets: the simulator's
 * own (its secret settings), and one per other secret setting alone (an access token instead of
 * client credentials, an API key instead of a password).
 */
function echoModes(definition: VendorDefinition, settings: Settings, origin: string): Settings[] {
  const secretKeys = definition.settings.filter((setting) => setting.secret === true).map((setting) => setting.key);
  const present = secretKeys.filter((key) => typeof settings[key] === 'string' && settings[key] !== '');
  const withoutSecrets: Record<string, string | undefined> = { ...settingsOn(settings, origin) };
  for (const key of present) delete withoutSecrets[key];
  const modes: Settings[] = [{ ...withoutSecrets, ...Object.fromEntries(present.map((key) => [key, awkwardSecret(key)])) }];
  for (const key of secretKeys.filter((k) => !present.includes(k))) {
    modes.push({ ...withoutSecrets, [key]: awkwardSecret(key) });
  }
  return modes;
}

/** The error answers of the echo server: a plain text 500, and a 400 in the vendor's own format. */
type EchoAnswer = { status: number; format: 'text' | 'json' | 'soap' };

/** Answers with everything the request held: in the body (in `answer`'s format) and in response headers. */
function echo({ message, body }: LoopbackRequest, response: ServerResponse, answer: EchoAnswer): void {
  const headerLines: string[] = [];
  for (let i = 0; i < message.rawHeaders.length; i += 2)
    headerLines.push(`${message.rawHeaders[i]}: ${message.rawHeaders[i + 1]}`);
  const text = [`${message.method} ${message.url}`, ...headerLines, '', body].join('\n');
  const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');
  response.setHeader('x-echo-url', oneLine(message.url ?? ''));
  response.setHeader('x-echo-body', oneLine(body));
  for (let i = 0; i < message.rawHeaders.length; i += 2) {
    response.setHeader(`x-echo-${message.rawHeaders[i]?.toLowerCase()}`, oneLine(message.rawHeaders[i + 1] ?? ''));
  }
  if (message.headers.cookie) response.setHeader('set-cookie', oneLine(message.headers.cookie));
  response.statusCode = answer.status;
  if (answer.format === 'json') {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ message: text, error: text, detail: text, errors: [{ message: text }] }));
  } else if (answer.format === 'soap') {
    response.setHeader('content-type', 'text/xml; charset=utf-8');
    response.end(
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
        `<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>${xmlEscaped(text)}</faultstring>` +
        `<detail>${xmlEscaped(text)}</detail></soap:Fault></soap:Body></soap:Envelope>`,
    );
  } else {
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.end(text);
  }
}

/** Secrets in errors and logs. */
export const secretsNeverLeak: ContractGroup = {
  title: 'secrets',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'secrets-never-leak',
      title: 'no secret setting shows in errors or log lines, with good or bad credentials',
      async run({ definition, settings, connect, unknownJobId }) {
        const bad = wrongCredentials(definition, settings);
        const { leaks, look } = leakFinder([...new Set([...secretForms(definition, settings), ...secretForms(definition, bad)])]);

        const good = connect();
        const id = await good.session.startJob(definition.start.demo);
        await good.session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: 20_000 });
        const unknown = await unknownJobId();
        look(
          'good credentials, unknown job',
          await rejectionOf(good.session.getJobStatus(unknown), 'reading an unknown job'),
          good.logged,
        );
        const timeout = await rejectionOf(
          good.session.waitForJob(unknown, { ...QUICK_POLLS, timeoutMs: 1 }),
          'a wait on an unknown job',
        );
        look('good credentials, a wait on an unknown job', timeout, good.logged);

        const wrong = connect(bad);
        look(
          'bad credentials, getJobStatus',
          await rejectionOf(wrong.session.getJobStatus(id), 'getJobStatus with wrong credentials'),
          wrong.logged,
        );
        look(
          'bad credentials, startJob',
          await rejectionOf(wrong.session.startJob(definition.start.demo), 'startJob with wrong credentials'),
          wrong.logged,
        );
        assert.ok(
          good.logged.length + wrong.logged.length > 0,
          'the sessions logged nothing: connect must pass the client options (logger) on',
        );
        assert.deepEqual(leaks, [], 'secrets leaked');
      },
    },
    {
      name: 'secrets-echoed',
      title: 'no secret shows in errors or log lines when the server echoes the whole request in its error answers',
      async run({ definition, settings, connect, unknownJobId }) {
        const id = await unknownJobId();
        const answers: EchoAnswer[] = [
          { status: 500, format: 'text' },
          { status: 400, format: definition.protocol === 'soap' ? 'soap' : 'json' },
        ];
        let answer: EchoAnswer = answers[0] as EchoAnswer;
        const server = await startLoopbackServer((request, response) => echo(request, response, answer));
        try {
          for (const mode of echoModes(definition, settings, server.origin)) {
            const auth = definition.settings
              .filter((setting) => setting.secret === true && mode[setting.key] !== undefined)
              .map((setting) => setting.key)
              .join(' + ');
            const { leaks, look } = leakFinder(secretForms(definition, mode));
            for (const current of answers) {
              answer = current;
              const what = `${auth}, ${current.status} ${current.format} echo`;
              const before = server.requestCount;
              const echoed = connect(mode, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
              look(
                `${what}, getJobStatus`,
                await rejectionOf(echoed.session.getJobStatus(id), `getJobStatus answered ${current.status}`),
                echoed.logged,
              );
              look(
                `${what}, waitForJob`,
                await rejectionOf(
                  echoed.session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: 2_000, maxConsecutiveErrors: 1 }),
                  `waitForJob answered ${current.status}`,
                ),
                echoed.logged,
              );
              assert.ok(server.requestCount > before, `${what}: the session sent nothing to the server in settings.url`);
            }
            assert.deepEqual(leaks, [], 'secrets leaked');
          }
        } finally {
          await server.close();
        }
      },
    },
  ],
};
