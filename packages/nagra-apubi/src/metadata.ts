import { UnexpectedResponseError } from '@jobwire/core';
import { parseXml, XML_ATTRIBUTE_PREFIX, XML_TEXT_KEY, type XmlNode } from '@jobwire/xml';
import { escapeText, soapText } from './envelope.js';

/*
 * MetaData, as NAGRA documents it: the LoadAsset and PurgeAsset pages type the element
 * `xs:MetaDataType` ("See MetaData details"), a named schema type of the interface's own XSD bundle
 * (AssetPublishing-Interface-v1.0.0.zip), which is not public, and no published sample carries a
 * MetaData element (specs/nagra-apubi/samples/README.md). So the content is modelled as what an
 * XML element can hold — text and child elements in document order, with attributes — and every
 * bit of it is written and read back exactly: white space, characters that need escaping, CR,
 * non-ASCII, CDATA-looking text. Plain text (what the package sent before) is the one-text-child case.
 */

/** A piece of MetaData content: text (exactly as sent, white space included) or an element. */
export type ApubiMetaDataNode = string | ApubiMetaDataElement;

/** An element inside MetaData: its name as written, its attributes, its content in document order. */
export interface ApubiMetaDataElement {
  /** The element name as written, a prefix included when it has one (`Title`, `md:Title`). */
  readonly name: string;
  /** Attributes by name as written (`lang`, `xml:lang`, `xmlns:md`), values decoded. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Text and child elements in document order; absent or empty for an empty element. */
  readonly children?: readonly ApubiMetaDataNode[];
}

/**
 * The content of a `MetaData` element (NAGRA's `MetaDataType`, whose definition is not public):
 * attributes of `MetaData` itself and its text and child elements in document order.
 * `{ children: ['free text'] }` is plain text; `{ children: [] }` an empty `<MetaData/>`.
 */
export interface ApubiMetaData {
  /** Attributes of the MetaData element itself. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Text and elements in document order. */
  readonly children: readonly ApubiMetaDataNode[];
}

/** What `loadAsset`/`purgeAsset` accept as metadata: plain text, or structured MetaData content. */
export type ApubiMetaDataInput = string | ApubiMetaData;

/** The structured form of `metadata`: a string becomes one text child (none when empty). */
export function toMetaData(input: ApubiMetaDataInput): ApubiMetaData {
  return typeof input === 'string' ? { children: input === '' ? [] : [input] } : input;
}

/**
 * The text content of MetaData: its text and the text of every element in it, in document
 * order, as XPath's `string()` reads it. For MetaData that is plain text, that text exactly.
 */
export function metaDataText(meta: ApubiMetaData): string {
  const text = (nodes: readonly ApubiMetaDataNode[] | undefined): string =>
    (nodes ?? []).map((node) => (typeof node === 'string' ? node : text(node.children))).join('');
  return text(meta.children);
}

// XML 1.0 Name (ASCII-strict start, any non-ASCII letter after: enough to refuse markup in a name).
const XML_NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/;
// Characters XML 1.0 cannot carry at all, not even as a reference: refused rather than dropped.
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to refuse
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper MetaData is refused when written and when read. */
export const MAX_METADATA_DEPTH = 64;

function refuse(what: string): never {
  throw new RangeError(`nagra-apubi MetaData: ${what}`);
}

function checkText(value: unknown, where: string): string {
  if (typeof value !== 'string') refuse(`${where} must be a string (got ${typeof value})`);
  if (NOT_XML_CHAR.test(value))
    refuse(`${where} holds a character XML cannot carry (U+0000–U+001F other than tab, LF, CR; U+FFFE/U+FFFF; a lone surrogate)`);
  return value;
}

function writeAttributes(attributes: Readonly<Record<string, string>> | undefined, where: string): string {
  let xml = '';
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (!XML_NAME.test(name)) refuse(`attribute name ${JSON.stringify(name)} on ${where} is not an XML name`);
    xml += ` ${name}="${escapeText(checkText(value, `attribute ${name} on ${where}`))}"`;
  }
  return xml;
}

function writeNodes(nodes: readonly ApubiMetaDataNode[] | undefined, where: string, depth: number): string {
  if (depth > MAX_METADATA_DEPTH) refuse(`nested deeper than ${MAX_METADATA_DEPTH} elements`);
  if (nodes !== undefined && !Array.isArray(nodes)) refuse(`children of ${where} must be an array`);
  let xml = '';
  for (const node of nodes ?? []) {
    if (typeof node === 'string') {
      xml += soapText(checkText(node, `text in ${where}`));
      continue;
    }
    if (node === null || typeof node !== 'object' || typeof node.name !== 'string')
      refuse(`a child of ${where} is neither text nor an element`);
    if (!XML_NAME.test(node.name)) refuse(`element name ${JSON.stringify(node.name)} in ${where} is not an XML name`);
    const content = writeNodes(node.children, node.name, depth + 1);
    const attributes = writeAttributes(node.attributes, node.name);
    xml += `<${node.name}${attributes}>${content}</${node.name}>`;
  }
  return xml;
}

/**
 * The `<MetaData>` element for `meta` (text or structured), as XML: every text and attribute value
 * escaped so that it is read back exactly; names must be XML names and text XML characters
 * (a RangeError names what is not). `elementName` is the element's own name (default `MetaData`).
 *
 * ```ts
 * writeMetaData({ children: [{ name: 'Title', children: ['Fish & Chips'] }] });
 * // '<MetaData><Title>Fish &amp; Chips</Title></MetaData>'
 * ```
 */
export function writeMetaData(meta: ApubiMetaDataInput, elementName = 'MetaData'): string {
  const structured = toMetaData(meta);
  if (structured === null || typeof structured !== 'object') refuse('metadata must be a string or { children: [...] }');
  const attributes = writeAttributes(structured.attributes, elementName);
  const content = writeNodes(structured.children, elementName, 1);
  return `<${elementName}${attributes}>${content}</${elementName}>`;
}

/**
 * The MetaData content of an element as `@jobwire/xml`'s `parseXml` returns it (parse with
 * `preserveWhitespace: true`, or text loses its surrounding white space): `undefined` when the
 * element is absent, `{ children: [] }` when it is empty or nil.
 *
 * Exact for text-only MetaData (white space, entities, CDATA, non-ASCII) and for elements without
 * text between them; parseXml's object form keeps neither the position of text between child
 * elements nor the order of differently named siblings (`<a/><b/><a/>` reads as a, a, b), so for
 * such content read the document text with `parseMetaData`, which keeps document order.
 */
export function readMetaData(node: XmlNode | undefined): ApubiMetaData | undefined {
  if (node === undefined) return undefined;
  const element = Array.isArray(node) ? node[0] : node;
  if (element === undefined || element === null) return { children: [] };
  return fromParsed(element, 1);
}

function fromParsed(node: XmlNode, depth: number): ApubiMetaData {
  if (depth > MAX_METADATA_DEPTH) refuse(`nested deeper than ${MAX_METADATA_DEPTH} elements`);
  if (node === null) return { children: [] };
  if (typeof node === 'string') return { children: node === '' ? [] : [node] };
  if (Array.isArray(node)) return fromParsed(node[0] ?? null, depth);
  const attributes: Record<string, string> = {};
  const children: ApubiMetaDataNode[] = [];
  const text = node[XML_TEXT_KEY];
  if (typeof text === 'string' && text !== '') children.push(text);
  for (const [key, value] of Object.entries(node)) {
    if (key === XML_TEXT_KEY || value === undefined) continue;
    if (key.startsWith(XML_ATTRIBUTE_PREFIX)) {
      if (typeof value === 'string') attributes[key.slice(XML_ATTRIBUTE_PREFIX.length)] = value;
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const child = fromParsed(item, depth + 1);
      children.push(elementOf(key, child));
    }
  }
  return Object.keys(attributes).length > 0 ? { attributes, children } : { children };
}

function elementOf(name: string, content: ApubiMetaData): ApubiMetaDataElement {
  const element: { name: string; attributes?: Readonly<Record<string, string>>; children?: readonly ApubiMetaDataNode[] } = {
    name,
  };
  if (content.attributes) element.attributes = content.attributes;
  if (content.children.length > 0) element.children = content.children;
  return element;
}

/*
 * parseMetaData: document order. `@jobwire/xml`'s parseXml checks the document first (size cap, DOCTYPE and
 * entity declarations refused, well-formedness), so the small reader below only ever sees
 * well-formed XML without a DOCTYPE: its references are the five XML entities and character
 * references, and it need not recover from errors.
 */

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (_whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) =>
    name !== undefined
      ? (ENTITIES[name] as string)
      : String.fromCodePoint(Number.parseInt(hex ?? (decimal as string), hex ? 16 : 10)),
  );
}

/** XML line-end handling: CR LF and a lone CR become LF (a CR written as `&#xD;` survives). */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function attributesOf(source: string): Record<string, string> | undefined {
  if (source.trim() === '') return undefined;
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const raw = match[2] ?? match[3] ?? '';
    // Attribute-value normalization: literal white space becomes a space; references are kept.
    attributes[match[1] as string] = decodeReferences(normalizeLineEnds(raw).replace(/[\t\n]/g, ' '));
  }
  return attributes;
}

interface OpenElement {
  name: string;
  attributes?: Record<string, string>;
  children: ApubiMetaDataNode[];
}

/** Adds text to `children`, joining it to text just before (CDATA beside text is one text node). */
function appendText(children: ApubiMetaDataNode[], text: string): void {
  if (text === '') return;
  const last = children.length - 1;
  if (typeof children[last] === 'string') children[last] = (children[last] as string) + text;
  else children.push(text);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The element as `readMetaData` writes it too: no `children` when empty, no `attributes` when none. */
function finish(element: OpenElement): ApubiMetaDataElement {
  const children = element.children.map((child) => (typeof child === 'string' ? child : finish(child as OpenElement)));
  const out: { name: string; attributes?: Record<string, string>; children?: ApubiMetaDataNode[] } = { name: element.name };
  if (element.attributes) out.attributes = element.attributes;
  if (children.length > 0) out.children = children;
  return out;
}

/**
 * The content of the first `MetaData` element (any prefix) in an XML document — a whole SOAP
 * request with LoadAsset or PurgeAsset in its Body, or the `<MetaData>` element alone — exactly
 * and in document order; `undefined` when the document has no MetaData. The document is checked
 * by `@jobwire/xml`'s `parseXml` first (size cap, no DOCTYPE or entity declarations, well-formed): anything
 * else is an `UnexpectedResponseError`, and so is MetaData nested deeper than
 * `MAX_METADATA_DEPTH`. Comments and processing instructions are dropped.
 */
export function parseMetaData(xml: string, options: { operation?: string; maxBytes?: number } = {}): ApubiMetaData | undefined {
  const operation = options.operation ?? 'MetaData';
  parseXml(xml, { vendor: 'nagra-apubi', operation, maxBytes: options.maxBytes });
  let found: OpenElement | undefined;
  const open: OpenElement[] = []; // found, then the elements open inside it
  for (const match of xml.matchAll(TOKEN)) {
    const [, cdata, closeName, openName, attributeText, selfClosing, text] = match;
    if (openName !== undefined) {
      const attributes = attributesOf(attributeText ?? '');
      const element: OpenElement = attributes ? { name: openName, attributes, children: [] } : { name: openName, children: [] };
      if (!found) {
        if (localName(openName) !== 'MetaData') continue;
        found = element;
      } else {
        if (open.length >= MAX_METADATA_DEPTH) {
          throw new UnexpectedResponseError(
            `nagra-apubi ${operation}: MetaData nested deeper than ${MAX_METADATA_DEPTH} elements`,
            {
              vendor: 'nagra-apubi',
              operation,
            },
          );
        }
        (open[open.length - 1] as OpenElement).children.push(element as unknown as ApubiMetaDataElement);
      }
      if (selfClosing !== '/') open.push(element);
    } else if (closeName !== undefined) {
      if (found) open.pop();
    } else if (found && open.length > 0) {
      const current = open[open.length - 1] as OpenElement;
      appendText(
        current.children,
        cdata === undefined ? decodeReferences(normalizeLineEnds(text ?? '')) : normalizeLineEnds(cdata),
      );
    }
    if (found && open.length === 0) break;
  }
  if (!found) return undefined;
  const { attributes, children } = finish(found);
  return attributes ? { attributes, children: children ?? [] } : { children: children ?? [] };
}
