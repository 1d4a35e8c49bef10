/**
 * MetaData (NAGRA's `MetaDataType`, whose definition is not public) is written and read back
 * exactly: text with white space, entities, CR, non-ASCII and CDATA-looking text, attributes,
 * and child elements in document order.
 */
import { parseXml } from '@jobwire/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApubiMetaData,
  type ApubiMetaDataElement,
  type ApubiMetaDataNode,
  MAX_METADATA_DEPTH,
  metaDataText,
  parseMetaData,
  readMetaData,
  toMetaData,
  writeMetaData,
} from '../src/metadata.js';

import { isXmlChar } from '../src/xml-char.js';

const TRICKY = [
  '  leading and trailing  ',
  'Fish & Chips <b>not markup</b> "quoted" \'single\'',
  'line one\r\nline two\rthree\n\tindented',
  'Ünïcødé — 日本語 — emoji 🎬',
  '<![CDATA[looks like CDATA]]>',
  '<![CDATA[with a CR\r\nin it]]>',
  ']]> and &amp; as text',
  '&lt;already escaped&gt;',
];

const parsedMetaData = (xml: string) =>
  parseXml(xml, { vendor: 'nagra-apubi', operation: 'test', preserveWhitespace: true }).MetaData;

describe('writeMetaData', () => {
  it('writes plain text escaped, inside one MetaData element', () => {
    expect(writeMetaData('Fish & Chips <b>')).toBe('<MetaData>Fish &amp; Chips &lt;b&gt;</MetaData>');
    expect(writeMetaData('')).toBe('<MetaData></MetaData>');
    expect(writeMetaData('a\r\nb\tc')).toBe('<MetaData>a&#xD;&#xA;b&#x9;c</MetaData>');
  });

  it('writes structured content in document order, attributes escaped', () => {
    const meta: ApubiMetaData = {
      attributes: { version: '1 & 2' },
      children: [
        '\n  ',
        { name: 'Title', attributes: { 'xml:lang': 'en', note: 'a\tb "c"' }, children: ['WALL·E & EVE'] },
        '\n  ',
        { name: 'Empty' },
        { name: 'md:Genre', attributes: { 'xmlns:md': 'urn:example:md' }, children: ['Animation'] },
        '\n',
      ],
    };
    expect(writeMetaData(meta)).toBe(
      '<MetaData version="1 &amp; 2">&#xA;  <Title xml:lang="en" note="a&#x9;b &quot;c&quot;">WALL·E &amp; EVE</Title>&#xA;  ' +
        '<Empty></Empty><md:Genre xmlns:md="urn:example:md">Animation</md:Genre>&#xA;</MetaData>',
    );
  });

  it('refuses names that are not XML names and characters XML cannot carry, naming them', () => {
    expect(() => writeMetaData({ children: [{ name: 'a><script' }] })).toThrow(
      /element name "a><script" in MetaData is not an XML name/,
    );
    expect(() => writeMetaData({ children: [{ name: 'a', attributes: { 'x="1"': 'y' } }] })).toThrow(RangeError);
    expect(() => writeMetaData('nul\u0000')).toThrow(/character XML cannot carry/);
    expect(() => writeMetaData({ children: [42 as unknown as string] })).toThrow(/neither text nor an element/);
    let deep: ApubiMetaDataElement = { name: 'x' };
    for (let i = 0; i < MAX_METADATA_DEPTH + 1; i++) deep = { name: 'x', children: [deep] };
    expect(() => writeMetaData({ children: [deep] })).toThrow(/deeper than 64/);
  });
});

describe('parseMetaData and readMetaData', () => {
  it.each(TRICKY)('reads text back exactly: %j', (text) => {
    const xml = writeMetaData(text);
    expect(parseMetaData(xml)).toEqual({ children: [text] });
    expect(readMetaData(parsedMetaData(xml))).toEqual({ children: [text] });
    expect(metaDataText(toMetaData(text))).toBe(text);
  });

  it('reads a MetaData element inside a whole SOAP request, any prefix, in document order', () => {
    const request =
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
      '<a:LoadAsset xmlns:a="wfm:APUBI/v1/schemas"><a:SourceAssetUrl>ftp://cis/m.ts</a:SourceAssetUrl>' +
      '<a:DestinationAsset>m.ts</a:DestinationAsset><a:MetaData>\n  <a:Title>One</a:Title>\n  <a:Genre>Two</a:Genre>\n  ' +
      '<a:Title>Three<![CDATA[ & <four>]]></a:Title><!-- dropped -->\n</a:MetaData></a:LoadAsset></s:Body></s:Envelope>';
    expect(parseMetaData(request)).toEqual({
      children: [
        '\n  ',
        { name: 'a:Title', children: ['One'] },
        '\n  ',
        { name: 'a:Genre', children: ['Two'] },
        '\n  ',
        { name: 'a:Title', children: ['Three & <four>'] },
        '\n',
      ],
    });
  });

  it('reads attribute values as an XML parser does: references decoded, literal white space as spaces', () => {
    expect(parseMetaData('<MetaData a="x&#x9;y&#xA;z" b="p\nq" c=\'&quot;\'/>')).toEqual({
      attributes: { a: 'x\ty\nz', b: 'p q', c: '"' },
      children: [],
    });
  });

  it('reads absent, empty and nil MetaData', () => {
    expect(parseMetaData('<LoadAsset><TaskId>1</TaskId></LoadAsset>')).toBeUndefined();
    expect(parseMetaData('<MetaData/>')).toEqual({ children: [] });
    expect(readMetaData(undefined)).toBeUndefined();
    expect(readMetaData(parsedMetaData('<MetaData></MetaData>'))).toEqual({ children: [] });
    expect(readMetaData(null)).toEqual({ children: [] });
  });

  it('refuses what is not XML, a DOCTYPE, and MetaData nested too deep, as UnexpectedResponseError', () => {
    expect(() => parseMetaData('<MetaData>')).toThrow(/malformed XML/);
    expect(() => parseMetaData('<!DOCTYPE x [<!ENTITY a "b">]><MetaData>&a;</MetaData>')).toThrow(/DOCTYPE/);
    const deep = `<MetaData>${'<x>'.repeat(MAX_METADATA_DEPTH + 1)}${'</x>'.repeat(MAX_METADATA_DEPTH + 1)}</MetaData>`;
    expect(() => parseMetaData(deep)).toThrow(/nested deeper than 64/);
  });

  it('readMetaData keeps elements without text between them exactly', () => {
    const meta: ApubiMetaData = {
      attributes: { v: '1' },
      children: [
        { name: 'Title', attributes: { lang: 'en' }, children: ['  spaced  '] },
        { name: 'Title', children: ['second'] },
        { name: 'Rating', children: [{ name: 'Value', children: ['PG & 13'] }] },
      ],
    };
    expect(readMetaData(parsedMetaData(writeMetaData(meta)))).toEqual(meta);
  });
});

// Any MetaData content: names from a small set, text from any XML characters (tricky ones weighed in).
const xmlChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', ']]>', '<![CDATA[', 'é', '日', '🎬'),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 3 })
    .filter((s) => [...s].every((c) => isXmlChar(c.codePointAt(0) as number))),
);
const text = fc.array(xmlChar, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const name = fc.constantFrom('Title', 'Genre', 'md:Rating', 'x-y.z', 'Ü');
const attributes = fc.dictionary(fc.constantFrom('a', 'b', 'xml:lang', 'k-1'), text, { maxKeys: 2 });
const { node } = fc.letrec<{ node: ApubiMetaDataNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.record(
      { name, attributes, children: fc.array(tie('node'), { maxLength: 4 }) },
      { requiredKeys: ['name'] },
    ) as fc.Arbitrary<ApubiMetaDataNode>,
  ),
}));

/** The canonical form both readers return: adjacent text joined, no empty text, attributes, or children. */
function canonical(nodes: readonly ApubiMetaDataNode[] | undefined): ApubiMetaDataNode[] {
  const out: ApubiMetaDataNode[] = [];
  for (const n of nodes ?? []) {
    if (typeof n === 'string') {
      if (n === '') continue;
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] += n;
      else out.push(n);
      continue;
    }
    const element: { name: string; attributes?: Record<string, string>; children?: ApubiMetaDataNode[] } = { name: n.name };
    if (n.attributes && Object.keys(n.attributes).length > 0) element.attributes = { ...n.attributes };
    const children = canonical(n.children);
    if (children.length > 0) element.children = children;
    out.push(element);
  }
  return out;
}

describe('round trip (property)', () => {
  it('parseMetaData(writeMetaData(m)) is m, for any content', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), attributes, (children, attrs) => {
        const meta: ApubiMetaData = Object.keys(attrs).length > 0 ? { attributes: attrs, children } : { children };
        const expected =
          Object.keys(attrs).length > 0
            ? { attributes: attrs, children: canonical(children) }
            : { children: canonical(children) };
        expect(parseMetaData(writeMetaData(meta))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('readMetaData(parseXml(writeMetaData(text))) is the text, for any text', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(readMetaData(parsedMetaData(writeMetaData(value)))).toEqual({ children: [value] });
      }),
      { numRuns: 300 },
    );
  });
});
