// Hardening of parseXml, moved here from @jobwire/core's tests with the module: fuzzed input, the
// UTF-8 size cap, and a secret redacted while XML-escaped that parsing must not bring back.
import { inspect } from 'node:util';
import { createRedactor, UnexpectedResponseError } from '@jobwire/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../src/index.js';

describe('parseXml on anything: an element or an UnexpectedResponseError', () => {
  it('1000 random and mangled documents', () => {
    const fragments = fc.constantFrom(
      '<a>',
      '</a>',
      '<b x="1">',
      '</b>',
      '<![CDATA[',
      ']]>',
      '&amp;',
      '&#0;',
      '&#x110000;',
      '<!--',
      '-->',
      '<?xml version="1.0"?>',
      '<!DOCTYPE a>',
      '<c/>',
      'text',
      '"',
      "'",
      '\u0000',
      '\uFFFF',
      'é',
    );
    const documents = fc.oneof(
      fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    fc.assert(
      fc.property(documents, fc.boolean(), (text, soap) => {
        try {
          const parsed = parseXml(text, { vendor: 'nagra-apubi', operation: 'fuzz', removeNamespacePrefixes: soap });
          expect(typeof parsed).toBe('object');
        } catch (error) {
          expect(error).toBeInstanceOf(UnexpectedResponseError);
        }
      }),
      { numRuns: 1000 },
    );
    // A CPU-bound property: on a 2-core machine shared by many runs 1,000 cases can pass 5 s.
  }, 60_000);
});

describe('parseXml size cap', () => {
  it('counts UTF-8 bytes, not characters', () => {
    const text = `<a>${'é'.repeat(600)}</a>`; // 607 characters, 1,207 bytes
    expect(() => parseXml(text, { vendor: 'nagra-apubi', operation: 'x', maxBytes: 1000 })).toThrow(
      'nagra-apubi x: XML body larger than 1000 bytes refused',
    );
    expect(parseXml(text, { vendor: 'nagra-apubi', operation: 'x', maxBytes: 1300 }).a).toBe('é'.repeat(600));
  });
});

describe('regressions found by the reliability suite', () => {
  it('a secret quoted XML-escaped (as a SOAP fault would) is redacted', () => {
    const secret = `pa&ss<wo>rd"'`;
    const redactor = createRedactor([secret]);
    for (const quoted of ['pa&amp;ss&lt;wo&gt;rd"\'', 'pa&amp;ss&lt;wo&gt;rd&quot;&apos;', 'pa&amp;ss&lt;wo&gt;rd&quot;&#39;']) {
      const text = redactor.text(`<faultstring>bad password ${quoted}</faultstring>`);
      expect(text).not.toContain('pa&amp;ss');
      expect(inspect(parseXml(text, { vendor: 'nagra-apubi', operation: 't' }))).not.toContain('pa&ss');
    }
  });
});
