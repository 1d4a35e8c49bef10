/*
 * The server kit's reader for request envelopes. Why not `@jobwire/xml`'s parseXml: a peer chooses the body,
 * and fast-xml-parser spends 0.2–1.5 s of event loop on a worst-case 1 MiB body (plain text,
 * references, many elements or attributes), while this reader, with sticky regular expressions
 * and split/join decoding, takes tens of milliseconds at worst (bench/README.md, "Listening under
 * attack"). It is also what the kit needs and nothing more:
 * - names resolve to namespaces (`{uri}local`), so `soap:Body` is found whatever the prefix;
 * - text is kept exactly (white space, references, CDATA), with XML's line-end normalization;
 * - children are arrays and attributes a Map: no name a peer writes ever becomes an object key;
 * - every count is bounded (depth, elements, attributes, text), checked while reading;
 * - no DOCTYPE, no entity but the five predefined ones and character references.
 * Anything else is an XmlReadError whose message speaks about the input only.
 */
import { isXmlChar } from '../xml-char.js';

/** Bounds on what one request may hold; each one breached is a client fault. */
export interface XmlReadLimits {
  /** Deepest element nesting (default 32; an APUBI request is 4 deep). */
  maxDepth: number;
  /** Elements in the document, comments, CDATA sections and processing instructions included (default 10,000). */
  maxElements: number;
  /** Attributes (namespace declarations included) in the document (default 10,000). */
  maxAttributes: number;
  /** Characters of text directly inside one element (default: the body limit). */
  maxTextLength: number;
}

/** An element as read: resolved name, attributes, children in order and its own text. */
export interface XmlReadElement {
  /** The qualified name as written (`soap:Body`). */
  readonly qname: string;
  /** The local name (`Body`). */
  readonly local: string;
  /** The namespace URI the prefix (or the default namespace) resolves to; '' for none. */
  readonly namespace: string;
  /** Attributes by qualified name, values decoded and normalized as XML says. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Child elements in document order. */
  readonly children: readonly XmlReadElement[];
  /** The character data directly inside this element (text and CDATA, in order), exactly. */
  readonly text: string;
  /** Text (adjacent text and CDATA joined) and child elements, in document order. */
  readonly content: ReadonlyArray<string | XmlReadElement>;
  /** Where the element's content starts and ends in the source (its inner XML). */
  readonly inner: { readonly start: number; readonly end: number };
}

/** A document the reader refuses; `message` is safe to send back to the peer. */
export class XmlReadError extends Error {
  static {
    XmlReadError.prototype.name = 'XmlReadError';
  }
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

// NCName (simplified to the ranges XML names use in practice) and QName.
const NC =
  '[A-Za-z_\\u00C0-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD][A-Za-z0-9_.\\-\\u00B7\\u00C0-\\u02FF\\u0300-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u203F-\\u2040\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD]*';
const START_TAG = new RegExp(`<(${NC}(?::${NC})?)`, 'y');
const END_TAG = new RegExp(`</(${NC}(?::${NC})?)[ \\t\\n]*>`, 'y');
const ATTRIBUTE = new RegExp(`[ \\t\\n]+(${NC}(?::${NC})?)[ \\t\\n]*=[ \\t\\n]*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const TAG_CLOSE = /[ \t\n]*(\/?)>/y;
// Characters XML 1.0 does not allow anywhere in a document (the decoded text has no lone surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to refuse
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// An `&` that does not start one of the five predefined entities or a character reference.
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#x[0-9a-fA-F]{1,6}|#[0-9]{1,7});)/;

/** `text` with every `from` replaced by `to`; split/join is the fastest way V8 has (measured). */
function replaceEvery(text: string, from: string, to: string): string {
  return text.includes(from) ? text.split(from).join(to) : text;
}

/** Character references decoded; `&` from one is held as U+FFFF (see decodeReferences). */
function decodeCharacterReferences(text: string): string {
  const parts = text.split('&#');
  const out: string[] = [parts[0] as string];
  for (let i = 1; i < parts.length; i++) {
    // BAD_REFERENCE has checked the syntax: `x` and hex digits, or decimal digits, then `;`.
    const part = parts[i] as string;
    const semicolon = part.indexOf(';');
    const hex = part.charCodeAt(0) === 0x78;
    const code = Number.parseInt(part.slice(hex ? 1 : 0, semicolon), hex ? 16 : 10);
    if (!isXmlChar(code)) {
      throw new XmlReadError(`malformed XML: a reference to a character XML does not allow (&#${part.slice(0, semicolon + 1)})`);
    }
    out.push(code === 0x26 ? '\uFFFF' : String.fromCodePoint(code), part.slice(semicolon + 1));
  }
  return out.join('');
}

/**
 * Decodes the references in a piece of text or an attribute value; refuses a bare `&` and any
 * entity but the five predefined ones. One check, then plain split/join replacements: a regular
 * expression with a callback per reference costs ~1 µs each, which a body full of `&lt;` turns
 * into most of a second of event loop.
 */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  if (BAD_REFERENCE.test(raw)) {
    throw new XmlReadError('malformed XML: a bare "&" or an entity other than the five XML defines');
  }
  // An `&` from `&#38;` must not start a reference in the replacements after it: it is held as
  // U+FFFF meanwhile, a character no document holds (FORBIDDEN_CHARS) nor a reference makes.
  let text = raw.includes('&#') ? decodeCharacterReferences(raw) : raw;
  text = replaceEvery(replaceEvery(replaceEvery(replaceEvery(text, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&apos;', "'");
  // `&amp;` last, so that `&amp;lt;` becomes the text `&lt;`, not `<`.
  return replaceEvery(replaceEvery(text, '&amp;', '&'), '\uFFFF', '&');
}

interface Building {
  qname: string;
  prefix: string;
  local: string;
  attributes: Map<string, string>;
  children: XmlReadElement[];
  text: string;
  content: Array<string | XmlReadElement>;
  start: number;
  scope: Map<string, string>;
}

/**
 * Reads `source` (already decoded to a string) into its root element, or throws XmlReadError.
 * Line ends are normalized first (CR LF and lone CR become LF, as XML 1.0 §2.11 says), so the
 * `inner` offsets refer to the normalized text, returned as `source`.
 */
export function readXml(input: string, limits: XmlReadLimits): { root: XmlReadElement; source: string } {
  const source = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (FORBIDDEN_CHARS.test(source)) throw new XmlReadError('malformed XML: a control character XML does not allow');
  const stack: Building[] = [];
  let root: XmlReadElement | undefined;
  let items = 0;
  const count = () => {
    if (++items > limits.maxElements) throw new XmlReadError(`too many elements (more than ${limits.maxElements})`);
  };
  let attributeCount = 0;
  let position = source.charCodeAt(0) === 0xfeff ? 1 : 0;

  const addText = (raw: string) => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (/[^ \t\n]/.test(raw)) throw new XmlReadError('malformed XML: text outside the root element');
      return;
    }
    if (top.text.length + raw.length > limits.maxTextLength) {
      throw new XmlReadError(`too much text in one element (more than ${limits.maxTextLength} characters)`);
    }
    top.text += raw;
    const last = top.content.length - 1;
    if (typeof top.content[last] === 'string') top.content[last] += raw;
    else if (raw !== '') top.content.push(raw);
  };
  const attach = (element: XmlReadElement) => {
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.children.push(element);
      parent.content.push(element);
    } else {
      root = element;
    }
  };

  while (position < source.length) {
    const lt = source.indexOf('<', position);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > position) {
      const raw = source.slice(position, textEnd);
      if (raw.includes(']]>')) throw new XmlReadError('malformed XML: "]]>" in text');
      addText(decodeReferences(raw));
    }
    if (lt === -1) break;
    position = lt;
    if (source.startsWith('<!--', position)) {
      count();
      const end = source.indexOf('-->', position + 4);
      if (end === -1) throw new XmlReadError('malformed XML: an unterminated comment');
      position = end + 3;
    } else if (source.startsWith('<![CDATA[', position)) {
      if (stack.length === 0) throw new XmlReadError('malformed XML: CDATA outside the root element');
      count();
      const end = source.indexOf(']]>', position + 9);
      if (end === -1) throw new XmlReadError('malformed XML: an unterminated CDATA section');
      addText(source.slice(position + 9, end));
      position = end + 3;
    } else if (source.startsWith('<?', position)) {
      count();
      const end = source.indexOf('?>', position + 2);
      if (end === -1) throw new XmlReadError('malformed XML: an unterminated processing instruction');
      const isDeclaration = /^<\?xml[ \t\n?]/i.test(source.slice(position, position + 6));
      if (isDeclaration && position > 1) throw new XmlReadError('malformed XML: an XML declaration not at the start');
      position = end + 2;
    } else if (source.startsWith('<!', position)) {
      throw new XmlReadError('XML with a DOCTYPE or other declaration refused');
    } else if (source.startsWith('</', position)) {
      END_TAG.lastIndex = position;
      const match = END_TAG.exec(source);
      const open = stack.pop();
      if (!match || !open || match[1] !== open.qname) {
        throw new XmlReadError(`malformed XML: unexpected closing tag${open ? ` (expected </${open.qname}>)` : ''}`);
      }
      attach(finish(open, position));
      position = END_TAG.lastIndex;
    } else {
      if (root !== undefined) throw new XmlReadError('malformed XML: more than one root element');
      START_TAG.lastIndex = position;
      const match = START_TAG.exec(source);
      if (!match) throw new XmlReadError('malformed XML: "<" not starting a tag');
      count();
      if (stack.length + 1 > limits.maxDepth) throw new XmlReadError(`elements nested too deep (more than ${limits.maxDepth})`);
      const qname = match[1] as string;
      position = START_TAG.lastIndex;
      const attributes = new Map<string, string>();
      for (;;) {
        ATTRIBUTE.lastIndex = position;
        const attribute = ATTRIBUTE.exec(source);
        if (!attribute) break;
        if (++attributeCount > limits.maxAttributes) {
          throw new XmlReadError(`too many attributes (more than ${limits.maxAttributes})`);
        }
        const name = attribute[1] as string;
        if (attributes.has(name)) throw new XmlReadError(`malformed XML: attribute ${name} given twice`);
        const raw = attribute[2] ?? attribute[3] ?? '';
        // Attribute-value normalization (XML 1.0 §3.3.3): literal white space becomes a space.
        attributes.set(name, decodeReferences(raw.replace(/[\t\n]/g, ' ')));
        position = ATTRIBUTE.lastIndex;
      }
      TAG_CLOSE.lastIndex = position;
      const close = TAG_CLOSE.exec(source);
      if (!close) throw new XmlReadError(`malformed XML: a malformed start tag <${qname}>`);
      position = TAG_CLOSE.lastIndex;
      const parentScope = stack[stack.length - 1]?.scope;
      const building = open(qname, attributes, parentScope, position);
      if (close[1] === '/') {
        attach(finish(building, position));
      } else {
        stack.push(building);
      }
    }
  }
  if (stack.length > 0) throw new XmlReadError(`malformed XML: <${stack[stack.length - 1]?.qname}> is not closed`);
  if (!root) throw new XmlReadError('malformed XML: no root element');
  return { root, source };
}

const ROOT_SCOPE = new Map<string, string>([['xml', XML_NAMESPACE]]);

/** A started element: its namespace scope (a new Map only when it declares namespaces). */
function open(
  qname: string,
  attributes: Map<string, string>,
  parentScope: Map<string, string> | undefined,
  start: number,
): Building {
  let scope = parentScope ?? ROOT_SCOPE;
  for (const [name, value] of attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : name.slice(6);
    if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NAMESPACE) || value === XMLNS_NAMESPACE) {
      throw new XmlReadError(`malformed XML: a reserved namespace declaration (${name})`);
    }
    if (prefix !== '' && value === '') throw new XmlReadError(`malformed XML: an empty namespace for prefix ${prefix}`);
    if (scope === parentScope || scope === ROOT_SCOPE) scope = new Map(scope);
    scope.set(prefix, value);
  }
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  if (prefix !== '' && !scope.has(prefix)) throw new XmlReadError(`malformed XML: undeclared namespace prefix ${prefix}`);
  for (const name of attributes.keys()) {
    const at = name.indexOf(':');
    const attributePrefix = at === -1 ? '' : name.slice(0, at);
    if (attributePrefix !== '' && attributePrefix !== 'xmlns' && !scope.has(attributePrefix)) {
      throw new XmlReadError(`malformed XML: undeclared namespace prefix ${attributePrefix}`);
    }
  }
  return { qname, prefix, local, attributes, children: [], text: '', content: [], start, scope };
}

function finish(building: Building, end: number): XmlReadElement {
  return {
    qname: building.qname,
    local: building.local,
    namespace: building.scope.get(building.prefix) ?? '',
    attributes: building.attributes,
    children: building.children,
    text: building.text,
    content: building.content,
    inner: { start: building.start, end },
  };
}
