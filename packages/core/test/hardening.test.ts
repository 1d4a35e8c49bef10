import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, shapeError, UnexpectedResponseError } from '../src/index.js';
import { parseXml } from '../src/xml.js';

describe('fast-check failures are reproducible', () => {
  it('a failing property reports its seed and path (what CI prints to replay a fuzz failure)', () => {
    let message = '';
    try {
      fc.assert(
        fc.property(fc.nat(), (n) => n < 50),
        { numRuns: 1000, seed: 4242 },
      );
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/seed: 4242, path: "[\d:]+"/);
    expect(message).toContain('Counterexample: [50]');
  });
});

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

describe('regressions found by the reliability suite', () => {
  it('shapeError on a value nested too deep to serialise is still an UnexpectedResponseError', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const error = shapeError({ vendor: 'alteryx-server', operation: 'getJob' }, 'a JobView', deep);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.excerpt).toBe('[deeply nested array]');
  });

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
