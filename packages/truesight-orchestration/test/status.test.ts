import { beforeAll, describe, expect, it } from 'vitest';
import { parseJavaDate, toJobStatus, trueSightJobState } from '../src/index.js';
import { loadXml } from '../src/load-xml.js';
import { unwrapOutputs, unwrapOutputValue } from '../src/outputs.js';

// The client loads the XML parser before it decodes outputs; these call the decoders on their own.
beforeAll(() => loadXml());

describe('trueSightJobState', () => {
  it.each([
    ['Assigned', 'running'],
    ['Completed', 'succeeded'],
    ['Compensated', 'failed'],
    ['Cancelled', 'cancelled'],
    ['Canceled', 'cancelled'],
    ['COMPLETED', 'succeeded'],
    ['assigned', 'running'],
    ['COMPENSATED', 'failed'],
    ['CANCELED', 'cancelled'],
    [' Completed ', 'succeeded'],
    // The other values of ORCA's ProcessStateType (not on the REST page).
    ['READY', 'queued'],
    ['PENDING', 'queued'],
    ['PENDING_REASSIGNMENT', 'queued'],
    ['IN_PROGRESS', 'running'],
    ['PAUSED', 'running'],
    ['FAILED', 'failed'],
    ['ABORTED', 'failed'],
  ] as const)('%j → %s', (status, state) => {
    expect(trueSightJobState(status)).toBe(state);
  });

  it.each(['Running', 'In Progress', 'Complete', 'Succeeded', '', 'string'])('unknown status %j → unknown', (status) => {
    expect(trueSightJobState(status)).toBe('unknown');
  });

  it('is unknown, not a crash, for non-strings', () => {
    expect(trueSightJobState(null)).toBe('unknown');
    expect(trueSightJobState(undefined)).toBe('unknown');
    expect(trueSightJobState(7 as unknown as string)).toBe('unknown');
  });
});

describe('toJobStatus', () => {
  it('keeps the server spelling, derives done, keeps outputs and raw', () => {
    const raw = { status: 'CANCELLED', processName: ':M:P' };
    const status = toJobStatus('j-1', raw, { a: 'b' });
    expect(status).toEqual({
      vendor: 'truesight-orchestration',
      id: 'j-1',
      state: 'cancelled',
      done: true,
      vendorStatus: 'CANCELLED',
      outputs: { a: 'b' },
      raw,
    });
  });

  it('a running job has no detail even with an error-named output', () => {
    const status = toJobStatus('j-1', { status: 'Assigned' }, { 'error message': 'not yet' });
    expect(status.done).toBe(false);
    expect(status.detail).toBeUndefined();
  });

  it('a Compensated job takes its detail from the first non-empty error-named text output', () => {
    const status = toJobStatus(
      'j-1',
      { status: 'Compensated' },
      { 'error number': '', 'Error Message': 'disk full', other: 'x' },
    );
    expect(status.state).toBe('failed');
    expect(status.detail).toBe('disk full');
  });
});

describe('unwrapOutputValue (decodeOutputValue once the parser is loaded)', () => {
  it('unwraps a raw text result', () => {
    expect(unwrapOutputValue('<result>OK</result>')).toBe('OK');
    expect(unwrapOutputValue('<result>200</result>')).toBe('200');
    expect(unwrapOutputValue('  <result> padded </result>\n')).toBe('padded');
  });

  it('unwraps an entity-escaped result the same way', () => {
    expect(unwrapOutputValue('&lt;result&gt;OK&lt;/result&gt;')).toBe('OK');
    expect(unwrapOutputValue('&lt;result&gt;&lt;a x=&quot;1&quot;&gt;t&lt;/a&gt;&lt;/result&gt;')).toEqual({
      a: { '@x': '1', '#text': 't' },
    });
    expect(unwrapOutputValue('&lt;result&gt;a &amp;amp; b&lt;/result&gt;')).toBe('a & b');
  });

  it('parses a result with elements into an XML object', () => {
    expect(unwrapOutputValue('<result> <header-lines> <Date>Mon</Date> <Vary>Accept</Vary> </header-lines> </result>')).toEqual({
      'header-lines': { Date: 'Mon', Vary: 'Accept' },
    });
    expect(unwrapOutputValue('<result><item>1</item><item>2</item></result>')).toEqual({ item: ['1', '2'] });
  });

  it('decodes entities inside a raw result (the documented message body)', () => {
    expect(unwrapOutputValue('<result> <message-body>&lt;b&gt;"hi"&lt;/b&gt;</message-body> </result>')).toEqual({
      'message-body': '<b>"hi"</b>',
    });
  });

  it('empty results are empty text', () => {
    expect(unwrapOutputValue('<result/>')).toBe('');
    expect(unwrapOutputValue('<result></result>')).toBe('');
    expect(unwrapOutputValue('&lt;result/&gt;')).toBe('');
  });

  it('unwraps textually what is not well-formed XML (unescaped HTML inside, as an older page shows)', () => {
    const value =
      '<result> <message-body><!doctype html><html lang="en"><meta charset="x"><title>G</title></message-body> </result>';
    expect(unwrapOutputValue(value)).toEqual({
      'message-body': '<!doctype html><html lang="en"><meta charset="x"><title>G</title>',
    });
    expect(unwrapOutputValue('<result>a < b</result>')).toBe('a < b');
  });

  it('refuses entity tricks: a DOCTYPE inside a result is not expanded', () => {
    const bomb = '<result><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x></result>';
    const decoded = unwrapOutputValue(bomb);
    expect(JSON.stringify(decoded)).not.toContain('aaaaaaaa');
  });

  it('leaves values without a <result> wrapper as they are', () => {
    expect(unwrapOutputValue('plain')).toBe('plain');
    expect(unwrapOutputValue('<other>x</other>')).toBe('<other>x</other>');
    expect(unwrapOutputValue('&lt;b&gt;')).toBe('&lt;b&gt;');
  });

  it('maps absent values to null and other JSON values to text', () => {
    expect(unwrapOutputValue(null)).toBeNull();
    expect(unwrapOutputValue(undefined)).toBeNull();
    expect(unwrapOutputValue(42)).toBe('42');
    expect(unwrapOutputValue(true)).toBe('true');
    expect(unwrapOutputValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe('decodeOutputs', () => {
  it('keys decoded values by name; a parameter named __proto__ is data', () => {
    const outputs = unwrapOutputs([
      { name: 'a', value: '<result>1</result>' },
      { name: '__proto__', value: '<result>2</result>' },
    ]);
    expect(Object.keys(outputs)).toEqual(['a', '__proto__']);
    expect(outputs.a).toBe('1');
    expect(Object.getPrototypeOf(outputs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(outputs, '__proto__')?.value).toBe('2');
  });

  it('is empty without parameters', () => {
    expect(unwrapOutputs(undefined)).toEqual({});
    expect(unwrapOutputs(null)).toEqual({});
  });
});

describe('parseJavaDate', () => {
  it.each([
    ['Wed Dec 31 17:59:59 CST 1969', '1969-12-31T23:59:59.000Z'],
    ['Mon Apr 06 13:39:45 GMT 2015', '2015-04-06T13:39:45.000Z'],
    ['Mon Apr 06 13:39:45 UTC 2015', '2015-04-06T13:39:45.000Z'],
    ['Tue Jul 01 09:00:00 CEST 2025', '2025-07-01T07:00:00.000Z'],
    ['Tue Jul 01 09:00:00 PDT 2025', '2025-07-01T16:00:00.000Z'],
    ['Tue Jul 01 09:00:00 GMT+05:30 2025', '2025-07-01T03:30:00.000Z'],
    ['Tue Jul 01 09:00:00 GMT-03:00 2025', '2025-07-01T12:00:00.000Z'],
    ['Sat Mar 1 08:05:09 EST 2025', '2025-03-01T13:05:09.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseJavaDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    'Wed Dec 31 17:59:59 IST 1969',
    '1969-12-31T23:59:59Z',
    'Wed Foo 31 17:59:59 CST 1969',
    'Wed Dec 31 25:59:59 CST 1969',
    'Wed Dec 31 17:59:59 CST',
    '',
  ])('%j is not parsed', (text) => {
    expect(parseJavaDate(text)).toBeUndefined();
  });

  it('is undefined for absent values', () => {
    expect(parseJavaDate(undefined)).toBeUndefined();
    expect(parseJavaDate(null)).toBeUndefined();
  });
});
