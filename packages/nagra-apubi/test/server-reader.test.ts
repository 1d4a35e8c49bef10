/**
 * The server kit's XML reader on its own: what it keeps exactly (text, references, CDATA, line
 * ends, namespaces, document order) and what it refuses as not well-formed or over a limit. The
 * HTTP paths are in server.test.ts and attack.test.ts; these are the reader's edges.
 */
import { describe, expect, it } from 'vitest';
import { readXml, XmlReadError, type XmlReadLimits } from '../src/server/xml-reader.js';

const limits: XmlReadLimits = { maxDepth: 8, maxElements: 50, maxAttributes: 20, maxTextLength: 1000 };
const read = (xml: string, bounds = limits) => readXml(xml, bounds).root;

describe('readXml keeps', () => {
  it('names resolved to namespaces through prefixes, defaults and redeclarations', () => {
    const root = read('<a:E xmlns:a="urn:a" xmlns="urn:d"><B><a:C xmlns:a="urn:other"/></B><x:D xmlns:x="urn:a"/></a:E>');
    expect([root.qname, root.local, root.namespace]).toEqual(['a:E', 'E', 'urn:a']);
    const [b, d] = root.children;
    expect([b?.local, b?.namespace, d?.namespace]).toEqual(['B', 'urn:d', 'urn:a']);
    expect(b?.children[0]?.namespace).toBe('urn:other');
    expect(read('<E xmlns="urn:d"><F xmlns=""/></E>').children[0]?.namespace).toBe('');
  });

  it('text exactly: white space, references decoded once, CDATA, CR LF and CR as LF, BOM and declaration skipped', () => {
    const root = read('\uFEFF<?xml version="1.0"?>\n<t> a &amp;lt; &#x26;amp; <![CDATA[<b>&amp;]]> \r\nx\ry&#xD; </t>\n');
    expect(root.text).toBe(' a &lt; &amp; <b>&amp; \nx\ny\r ');
  });

  it('text and elements in document order, adjacent text and CDATA joined', () => {
    const root = read('<m>one<a/>two<![CDATA[three]]><b>in</b><a/></m>');
    expect(root.content.map((node) => (typeof node === 'string' ? node : `<${node.qname}>`))).toEqual([
      'one',
      '<a>',
      'twothree',
      '<b>',
      '<a>',
    ]);
    expect(root.children.map((child) => child.qname)).toEqual(['a', 'b', 'a']);
  });

  it('attributes in a Map, values decoded and normalized (literal white space becomes a space)', () => {
    const root = read(`<a __proto__="x" constructor='y' v="1&#10;2\t3\n4 &quot;"/>`);
    expect([...root.attributes]).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['v', '1\n2 3 4 "'],
    ]);
  });

  it('where the inner XML of each element is in the source', () => {
    const { root, source } = readXml('<a><b x="1">in<c/></b></a>', limits);
    const b = root.children[0];
    expect(b && source.slice(b.inner.start, b.inner.end)).toBe('in<c/>');
  });
});

describe('readXml refuses', () => {
  it.each([
    ['<a><b></a></b>', 'unexpected closing tag (expected </b>)'],
    ['<a>', '<a> is not closed'],
    ['<a/><b/>', 'more than one root element'],
    ['x<a/>', 'text outside the root element'],
    ['<a/>x', 'text outside the root element'],
    ['', 'no root element'],
    ['<a x="1" x="2"/>', 'attribute x given twice'],
    ['<a x=1/>', 'a malformed start tag <a>'],
    ['<a x="<"/>', 'a malformed start tag <a>'],
    ['<1a/>', '"<" not starting a tag'],
    ['<a>]]></a>', '"]]>" in text'],
    ['<a>&</a>', 'a bare "&"'],
    ['<a>&nbsp;</a>', 'an entity other than the five XML defines'],
    ['<a>&#xD800;</a>', 'a reference to a character XML does not allow (&#xD800;)'],
    ['<a>&#1;</a>', 'a reference to a character XML does not allow (&#1;)'],
    ['<a>\u0001</a>', 'a control character XML does not allow'],
    ['<a>\uFFFF</a>', 'a control character XML does not allow'],
    ['<a><!-- x</a>', 'an unterminated comment'],
    ['<a><![CDATA[x</a>', 'an unterminated CDATA section'],
    ['<a/><?xml version="1.0"?>', 'an XML declaration not at the start'],
    ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'XML with a DOCTYPE or other declaration refused'],
    ['<p:a/>', 'undeclared namespace prefix p'],
    ['<a p:x="1"/>', 'undeclared namespace prefix p'],
    ['<a xmlns:xmlns="urn:x"/>', 'a reserved namespace declaration (xmlns:xmlns)'],
    ['<a xmlns:p=""/>', 'an empty namespace for prefix p'],
  ])('%s', (xml, message) => {
    expect(() => read(xml)).toThrow(XmlReadError);
    expect(() => read(xml)).toThrow(message);
  });

  it('past each limit, while reading', () => {
    expect(() => read('<a><a><a></a></a></a>', { ...limits, maxDepth: 2 })).toThrow('elements nested too deep (more than 2)');
    expect(() => read(`<a>${'<b/>'.repeat(3)}</a>`, { ...limits, maxElements: 3 })).toThrow('too many elements (more than 3)');
    expect(() => read(`<a>${'<!---->'.repeat(3)}</a>`, { ...limits, maxElements: 3 })).toThrow('too many elements (more than 3)');
    expect(() => read('<a x="1" y="2"/>', { ...limits, maxAttributes: 1 })).toThrow('too many attributes (more than 1)');
    expect(() => read(`<a>${'x'.repeat(6)}<![CDATA[y]]></a>`, { ...limits, maxTextLength: 6 })).toThrow(
      'too much text in one element (more than 6 characters)',
    );
    expect(read(`<a>${'x'.repeat(6)}</a>`, { ...limits, maxTextLength: 6 }).text).toBe('xxxxxx');
  });
});
