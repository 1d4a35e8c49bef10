import { escapeXml } from '@jobwire/xml';

/*
 * The request envelopes of the three APUBI operations, written directly: the friendly client does
 * not need node-soap (nor the WSDL) to call them. The text is byte for byte what node-soap 1.13
 * sends for `<Op>Async(args)` with the embedded WSDL (document/literal, SOAP 1.1) — element
 * names, namespaces, escaping, even node-soap's double space before `xmlns:tns` — and so are the
 * HTTP headers, so a server (or a test, or a proxy's allow-list) cannot tell the two paths apart.
 * test/envelope.test.ts compares both paths byte for byte.
 */

/** The operations of the APUBI interface. */
export type ApubiOperation = 'LoadAsset' | 'PurgeAsset' | 'GetTaskStatus';

/** The WSDL's targetNamespace: the namespace of every operation and response element. */
export const APUBI_NAMESPACE = 'wfm:APUBI/v1/schemas';

/** The SOAP 1.1 envelope namespace. */
export const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

const ENVELOPE_START =
  '<?xml version="1.0" encoding="utf-8"?>' +
  `<soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"  xmlns:tns="${APUBI_NAMESPACE}">` +
  '<soap:Body>';
const ENVELOPE_END = '</soap:Body></soap:Envelope>';

/** The `soapAction` of each operation in the WSDL's binding. */
export const SOAP_ACTIONS: Readonly<Record<ApubiOperation, string>> = {
  LoadAsset: 'wfm:APUBI/v1/LoadAsset',
  PurgeAsset: 'wfm:APUBI/v1/PurgeAsset',
  GetTaskStatus: 'wfm:APUBI/v1/GetTaskStatus',
};

/** The HTTP headers of a call, as node-soap sends them: same names, order and quoting. */
export function soapHeaders(operation: ApubiOperation): Record<string, string> {
  return { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${SOAP_ACTIONS[operation]}"` };
}

/**
 * One child element of the operation element, in the WSDL's sequence order: its name and text, or
 * an element already written as XML (`{ xml }`, from `writeMetaData`, which escapes what it writes).
 */
export type EnvelopeField = readonly [name: string, value: string] | { readonly xml: string };

/**
 * The SOAP 1.1 request envelope of `operation` with `fields` as its children, each text value
 * written by `soapText` (nothing a caller writes becomes markup).
 */
export function requestEnvelope(operation: ApubiOperation, fields: readonly EnvelopeField[]): string {
  let xml = `${ENVELOPE_START}<${operation} xmlns="${APUBI_NAMESPACE}">`;
  for (const field of fields) xml += 'xml' in field ? field.xml : `<${field[0]}>${soapText(field[1])}</${field[0]}>`;
  return `${xml}</${operation}>${ENVELOPE_END}`;
}

const WHITESPACE_REFERENCES: Readonly<Record<string, string>> = { '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/**
 * A value as XML text that a parser reads back exactly: `&`, `<`, `>`, quotes escaped (core's
 * `escapeXml`), and tab, LF and CR as character references (as node-soap writes them; a parser
 * would otherwise turn CR LF into LF, and white space in an attribute value into spaces). Safe in
 * text and in attribute values.
 */
export function escapeText(value: string): string {
  const escaped = escapeXml(value);
  return /[\t\n\r]/.test(escaped) ? escaped.replace(/[\t\n\r]/g, (c) => WHITESPACE_REFERENCES[c] as string) : escaped;
}

/**
 * A value as XML text (`escapeText`). A value that looks like a CDATA section (starts with
 * `<![CDATA[`, ends with `]]>`) is sent as a CDATA section holding exactly that value — node-soap
 * would have sent it as markup, unescaped, which could smuggle in elements. Not when it holds a
 * CR: a parser turns a CR in a CDATA section into LF, so such a value is escaped instead.
 */
export function soapText(value: string): string {
  if (value.startsWith('<![CDATA[') && value.endsWith(']]>') && !value.includes('\r')) {
    return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  }
  return escapeText(value);
}
