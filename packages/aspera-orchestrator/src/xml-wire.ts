import type { ParseXmlOptions, XmlElement, XmlNode } from '@jobwire/xml';
import type { XmlModule } from './load-xml.js';

/**
 * Orchestrator's XML is Rails `to_xml`: dashed names (`workOrder-id`), `type="integer"` /
 * `type="array"` annotations, `nil="true"`. Its JSON carries the same data with underscores and
 * native types. This turns a parsed XML element into the JSON spelling so that one decoder
 * serves both formats:
 * - names: `-` → `_` (`activable-date` → `activable_date`, `workOrder-id` → `workOrder_id`);
 * - `type="integer"|"float"|"decimal"` → number, `type="boolean"` → boolean, `type="array"` →
 *   array of the children (also when there is one child or none); other types stay text;
 * - `nil="true"` → null (done by `@jobwire/xml`'s parseXml);
 * - other attributes become fields, and the text of an element that has attributes becomes
 *   `content` (`<status state="Complete">Done</status>` → `{ state: 'Complete', content: 'Done' }`).
 * Nothing here imports `@jobwire/xml` at run time: the XML decoder gets the loaded module (its
 * parser and its key spellings `XML_ATTRIBUTE_PREFIX`, `XML_TEXT_KEY`) from the caller.
 */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

/** The key spellings of `@jobwire/xml`'s `parseXml` output: the loaded `@jobwire/xml` module is one. */
export type XmlKeys = Pick<XmlModule, 'XML_ATTRIBUTE_PREFIX' | 'XML_TEXT_KEY'>;

const NUMERIC_TYPES = new Set(['integer', 'float', 'decimal']);

export const wireName = (name: string) => name.replace(/-/g, '_');

function setField(out: { [key: string]: WireValue }, key: string, value: WireValue) {
  // defineProperty: a server-chosen name such as `__proto__` must stay a plain field.
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function scalar(text: string, type: string | undefined): WireValue {
  if (type && NUMERIC_TYPES.has(type)) {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? number : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

export function xmlToWire(node: XmlNode | undefined, keys: XmlKeys): WireValue {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map((item) => xmlToWire(item, keys));
  const { XML_ATTRIBUTE_PREFIX, XML_TEXT_KEY } = keys;
  const TYPE_ATTR = `${XML_ATTRIBUTE_PREFIX}type`;
  const element = node as XmlElement;
  const type = typeof element[TYPE_ATTR] === 'string' ? (element[TYPE_ATTR] as string) : undefined;
  const children = Object.keys(element).filter((key) => !key.startsWith(XML_ATTRIBUTE_PREFIX) && key !== XML_TEXT_KEY);
  const text = typeof element[XML_TEXT_KEY] === 'string' ? (element[XML_TEXT_KEY] as string) : '';

  if (type === 'array') {
    return children.flatMap((key) => {
      const value = element[key];
      return Array.isArray(value) ? value.map((item) => xmlToWire(item, keys)) : [xmlToWire(value, keys)];
    });
  }
  const named = Object.keys(element).filter((key) => key.startsWith(XML_ATTRIBUTE_PREFIX) && !/(^|:)nil$/.test(key));
  // `type` alone is a Rails annotation; beside other attributes (`<variable name=".." type="..">`) it is data.
  const attributes = named.some((key) => key !== TYPE_ATTR) ? named : [];
  if (children.length === 0 && attributes.length === 0) return scalar(text, type);

  const out: { [key: string]: WireValue } = {};
  for (const key of attributes) setField(out, wireName(key.slice(XML_ATTRIBUTE_PREFIX.length)), element[key] as string);
  for (const key of children) setField(out, wireName(key), xmlToWire(element[key], keys));
  if (text !== '') setField(out, 'content', attributes.length > 0 ? text : scalar(text, type));
  return out;
}

/** The root element of a parsed document: its (dash-free) name and its content in JSON spelling. */
export function xmlRoot(document: XmlElement, keys: XmlKeys): { name: string; value: WireValue } | undefined {
  const name = Object.keys(document).find((key) => !key.startsWith(keys.XML_ATTRIBUTE_PREFIX) && key !== keys.XML_TEXT_KEY);
  if (name === undefined) return undefined;
  return { name: wireName(name), value: xmlToWire(document[name], keys) };
}

/** Parses an XML body with the loaded module's hardened `parseXml` and returns its root (see `xmlRoot`). */
export function parseXmlRoot(
  text: string,
  xml: XmlModule,
  options: ParseXmlOptions,
): { name: string; value: WireValue } | undefined {
  return xmlRoot(xml.parseXml(text, options), xml);
}
