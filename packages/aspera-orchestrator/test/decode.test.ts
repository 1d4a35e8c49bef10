import * as xml from '@jobwire/xml';
import { describe, expect, it } from 'vitest';
import { parseRubyLiteral, RubyLiteralError } from '../src/index.js';
import { xmlRoot, xmlToWire } from '../src/xml-wire.js';

describe('parseRubyLiteral', () => {
  it('reads the documented hash output', () => {
    expect(
      parseRubyLiteral(
        `{'Transcode server' => {"node_id"=>"transcoder", "node"=>"Transcode server", "capacity_kb"=>"30000"}, 'Mac' => {"node_id"=>"localhost", "node"=>"Mac", "capacity_kb"=>"20000"}}`,
      ),
    ).toEqual({
      'Transcode server': { node_id: 'transcoder', node: 'Transcode server', capacity_kb: '30000' },
      Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' },
    });
  });

  it('reads symbols, numbers, nil/true/false, arrays, 1.9 labels and escapes', () => {
    expect(
      parseRubyLiteral(`{:a => [1, -2.5, 1_000, nil, true, false], b: 'it\\'s', "c" => "tab\\there", :"d e" => {}}`),
    ).toEqual({
      a: [1, -2.5, 1000, null, true, false],
      b: "it's",
      c: 'tab\there',
      'd e': {},
    });
  });

  it("keeps single-quoted backslashes other than \\\\ and \\' as written", () => {
    expect(parseRubyLiteral(`'C:\\temp\\\\x'`)).toBe('C:\\temp\\x');
  });

  it('a __proto__ key is a plain field, not a prototype', () => {
    const value = parseRubyLiteral(`{"__proto__" => {"polluted" => true}}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([`{'a' => }`, `{'a' => 1`, `{'a' 1}`, `"open`, `{'a' => \`ls\`}`, `{'a' => 1} x`, `Kernel.exit`, ''])(
    '%j is a RubyLiteralError',
    (text) => {
      expect(() => parseRubyLiteral(text)).toThrow(RubyLiteralError);
    },
  );

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseRubyLiteral('['.repeat(10_000))).toThrow(RubyLiteralError);
  });
});

describe('xmlToWire (Rails XML → JSON spelling)', () => {
  const parse = (text: string) => xmlRoot(xml.parseXml(text, { vendor: 'aspera-orchestrator', operation: 'test' }), xml);

  it('maps dashes, types, nil, arrays and CDATA', () => {
    expect(
      parse(
        `<Work-step-status><a-b type="integer">7</a-b><f type="float">1.5</f><ok type="boolean">false</ok><n nil="true"/><empty type="array"/><list type="array"><x>1</x></list><c><![CDATA[a & <b>]]></c><d type="datetime">2014-11-24T16:48:39Z</d></Work-step-status>`,
      ),
    ).toEqual({
      name: 'Work_step_status',
      value: { a_b: 7, f: 1.5, ok: false, n: null, empty: [], list: ['1'], c: 'a & <b>', d: '2014-11-24T16:48:39Z' },
    });
  });

  it('keeps attributes as fields and element text as content; type beside other attributes is data', () => {
    expect(parse(`<w id="3"><status state="Failed">Boom</status><v name="n" type="integer">5</v></w>`)?.value).toEqual({
      id: '3',
      status: { state: 'Failed', content: 'Boom' },
      v: { name: 'n', type: 'integer', content: '5' },
    });
  });

  it('a malformed integer stays text rather than becoming NaN', () => {
    expect(xmlToWire({ '@type': 'integer', '#text': 'twelve' }, xml)).toBe('twelve');
  });
});
