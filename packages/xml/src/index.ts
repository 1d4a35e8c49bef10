// `@jobwire/xml`: the hardened XML parser of jobwire's XML and SOAP clients (fast-xml-parser behind
// it), a package of its own so that JSON-only clients (Alteryx Server, ELMA RPA) never install it.
import { UnexpectedResponseError, type VendorId } from '@jobwire/core';
import { excerptOf, utf8Length } from '@jobwire/core/internal';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Attributes are kept as `@name` keys beside child elements; element text with attributes is `#text`. */
export const XML_ATTRIBUTE_PREFIX = '@';
/** The key under which `parseXml` puts an element's text when it also has attributes or children. */
export const XML_TEXT_KEY = '#text';
/** XML documents larger than this (10 MiB) are refused before parsing. */
export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;

/** A parsed XML value: text (`''` for an empty element), null for a nil element (`nil="true"`), an element, or a list of repeated elements. */
export type XmlNode = string | null | XmlElement | XmlNode[];
/** A parsed XML element: child elements (and attributes, `@name`) by name. */
export interface XmlElement {
  /** Child elements and attributes (`@name`) by name. */
  [name: string]: XmlNode | undefined;
}

/** Options of `parseXml`: who is parsing (for errors), size limit and namespace handling. */
export interface ParseXmlOptions {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The operation, as named in errors and logs (e.g. `getJobStatus`). */
  operation: string;
  /** Larger documents are refused before parsing (default 10 MiB). */
  maxBytes?: number;
  /** Drop namespace prefixes from element and attribute names (SOAP). */
  removeNamespacePrefixes?: boolean;
  /** Element paths (`a.b.c`) that are always arrays, even with one child. */
  arrayPaths?: readonly string[];
  /**
   * Keep text exactly as written (default false: leading and trailing white space is trimmed).
   * `xs:string` keeps white space, so a reader that must round-trip text turns this on; white
   * space between child elements then appears under `#text` beside them.
   */
  preserveWhitespace?: boolean;
  /** HTTP status, for the error. */
  status?: number;
  /** Redacts the excerpt placed in errors. */
  redact?: (text: string) => string;
}

// A DOCTYPE is where entity definitions (billion laughs, external entities) live: refuse it outright.
const DOCTYPE_PATTERN = /<!DOCTYPE|<!ENTITY/i;

/**
 * Parses untrusted XML: DOCTYPE and entity declarations are rejected before parsing, only the five
 * predefined entities and character references are decoded, size is capped, and malformed or
 * truncated documents are rejected. `nil="true"` (any prefix) becomes `null`.
 * Every failure is an `UnexpectedResponseError`.
 */
export function parseXml(text: string, options: ParseXmlOptions): XmlElement {
  const fail = (reason: string): never => {
    throw new UnexpectedResponseError(`${options.vendor} ${options.operation}: ${reason}`, {
      vendor: options.vendor,
      operation: options.operation,
      status: options.status,
      excerpt: excerptOf(text, undefined, options.redact),
    });
  };
  const max = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // Counted in UTF-8 bytes, as the transport's `maxResponseBytes` counts them (a character is 1–3 bytes).
  if (text.length > max || (text.length * 3 > max && utf8Length(text) > max)) fail(`XML body larger than ${max} bytes refused`);
  if (DOCTYPE_PATTERN.test(text)) fail('XML with a DOCTYPE or entity declaration refused');
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail(`malformed XML (${valid.err.msg}, line ${valid.err.line})`);

  const parser = parserFor(
    options.removeNamespacePrefixes ?? false,
    options.arrayPaths ?? [],
    options.preserveWhitespace ?? false,
  );
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    fail(`malformed XML (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Object.keys(parsed).length === 0) fail('empty XML document');
  // Only a document that mentions `nil` can hold a nil element: the others are not copied.
  return (text.includes('nil') ? nilToNull(parsed) : parsed) as XmlElement;
}

/**
 * One parser per option set, made on first use and reused: the option sets are the few the
 * vendor clients use (a parser is stateless between `parse` calls).
 */
const parsers = new Map<string, XMLParser>();

function parserFor(removeNamespacePrefixes: boolean, arrayPaths: readonly string[], preserveWhitespace: boolean): XMLParser {
  const key = `${removeNamespacePrefixes}|${preserveWhitespace}|${arrayPaths.join('|')}`;
  let parser = parsers.get(key);
  if (!parser) {
    const arrays = new Set(arrayPaths);
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: XML_ATTRIBUTE_PREFIX,
      textNodeName: XML_TEXT_KEY,
      removeNSPrefix: removeNamespacePrefixes,
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: true,
      // Character references (&#65;) and the five XML entities, nothing else: an empty table of
      // named entities keeps numeric references on (`false` would turn them off) without the
      // HTML table, which cost ~13 µs per document and which XML does not define anyway. The
      // typings say boolean; 5.x takes a table too (OrderedObjParser: `typeof htmlEntities === "object"`).
      htmlEntities: {} as unknown as boolean,
      ignoreDeclaration: true,
      ignorePiTags: true,
      trimValues: !preserveWhitespace,
      isArray: (_name, jpath) => arrays.has(String(jpath)),
    });
    parsers.set(key, parser);
  }
  return parser;
}

function isNil(element: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith(XML_ATTRIBUTE_PREFIX) && /(^|:)nil$/.test(key.slice(XML_ATTRIBUTE_PREFIX.length)) && value === 'true') {
      return true;
    }
  }
  return false;
}

function nilToNull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nilToNull);
  if (node === null || typeof node !== 'object') return node;
  const element = node as Record<string, unknown>;
  if (isNil(element)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element)) out[key] = nilToNull(value);
  return out;
}

/** Escapes text for an XML text node or attribute value. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
