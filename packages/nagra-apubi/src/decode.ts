import { isRecord, type ShapeContext, SoapFaultError, shapeError, UnexpectedResponseError } from '@jobwire/core';
import { excerptOf } from '@jobwire/core/internal';
import { parseXml, XML_TEXT_KEY, type XmlElement, type XmlNode } from '@jobwire/xml';
import type { ApubiFaultDetail } from './types.js';
import { isXmlChar } from './xml-char.js';

/*
 * Every SOAP body is read through the hardened parseXml of `@jobwire/xml` (no DOCTYPE, no entity expansion, size
 * cap) with namespace prefixes dropped: servers disagree on prefixes (`ns:`, `ns2:`, none), and
 * the documented fault even uses an undeclared one. Missing or misshapen fields become an
 * UnexpectedResponseError, never a TypeError later on. Text is read exactly (`xs:string` keeps
 * white space): identifiers — TaskId, DestinationAsset — are handed back as the server wrote them,
 * since the caller sends them back (GetTaskStatus, PurgeAsset); the Status enumeration and the
 * fault's human text are trimmed.
 */

export interface DecodeContext extends ShapeContext {
  /** HTTP status of the response, for errors. */
  status?: number;
}

/** The text of an element exactly: plain text, or the `#text` of an element with attributes. */
export function exactTextOf(node: XmlNode | undefined): string | undefined {
  if (typeof node === 'string') return node;
  if (isRecord(node) && typeof node[XML_TEXT_KEY] === 'string' && elementNames(node).length === 0) return node[XML_TEXT_KEY];
  if (isRecord(node) && Object.keys(node).every((k) => k.startsWith('@'))) return '';
  return undefined;
}

/** The text of an element, trimmed (`exactTextOf`). */
export function textOf(node: XmlNode | undefined): string | undefined {
  return exactTextOf(node)?.trim();
}

/** The child element names of a parsed element (not its attributes, not its text). */
function elementNames(element: XmlElement): string[] {
  return Object.keys(element).filter((k) => k !== XML_TEXT_KEY && !k.startsWith('@'));
}

function unexpected(context: DecodeContext, reason: string, text: string): UnexpectedResponseError {
  return new UnexpectedResponseError(`${context.vendor} ${context.operation}: ${reason}`, {
    vendor: context.vendor,
    operation: context.operation,
    status: context.status,
    excerpt: excerptOf(text, undefined, context.redact),
  });
}

/**
 * Parses a SOAP 1.1 envelope and returns its Body. Empty, non-XML and HTML bodies, malformed XML
 * and envelopes without a Body are UnexpectedResponseError; a Fault is a SoapFaultError.
 */
export function decodeSoapBody(text: string, context: DecodeContext): XmlElement {
  return decodeSoapEnvelope(text, context).body;
}

/** `decodeSoapBody`, with the Envelope element too. */
export function decodeSoapEnvelope(text: string, context: DecodeContext): { envelope: XmlElement; body: XmlElement } {
  const start = text.trimStart();
  const http = context.status === undefined ? '' : ` (HTTP ${context.status})`;
  if (start === '') throw unexpected(context, `expected a SOAP envelope, got an empty body${http}`, text);
  if (/^<(!doctype\s+html|html[\s>])/i.test(start))
    throw unexpected(context, `expected a SOAP envelope, got an HTML page${http}`, text);
  if (!start.startsWith('<')) throw unexpected(context, `expected a SOAP envelope, got a non-XML body${http}`, text);
  const root = parseXml(text, {
    vendor: context.vendor,
    operation: context.operation,
    removeNamespacePrefixes: true,
    preserveWhitespace: true,
    status: context.status,
    redact: context.redact,
  });
  const envelope = root.Envelope;
  const body = isRecord(envelope) ? envelope.Body : undefined;
  if (!isRecord(envelope) || !isRecord(body)) throw unexpected(context, `expected a SOAP 1.1 Envelope with a Body${http}`, text);
  const fault = faultFromBody(body, context);
  if (fault) throw fault;
  return { envelope, body };
}

/**
 * The checks node-soap's own parse of the answer used to make after the friendly client had
 * decoded it, made without node-soap (so they run in the same order, after decoding): the
 * Envelope, the Body and the response element hold elements only (text beside them is not SOAP),
 * and the references in the text are well-formed (`checkReferences`).
 */
export function checkEnvelope(text: string, envelope: XmlElement, body: XmlElement, context: DecodeContext): void {
  let mixed = hasText(envelope) || hasText(body);
  for (const name in body) {
    const child = body[name];
    if (isRecord(child) && hasText(child)) mixed = true;
  }
  if (mixed) {
    const http = context.status === undefined ? '' : ` (HTTP ${context.status})`;
    throw unexpected(context, `expected a SOAP 1.1 Envelope holding elements only, got text beside them${http}`, text);
  }
  checkReferences(text, context);
}

/** An element with text beside its child elements (mixed content); white space does not count. */
function hasText(element: XmlElement): boolean {
  const text = element[XML_TEXT_KEY];
  return typeof text === 'string' && text.trim() !== '';
}

// `&` starting a reference (`&#65;`, `&#x41;`, `&name;`), or a bare `&` (the empty alternative).
const REFERENCE = /&(?:#x([0-9a-fA-F]+);|#([0-9]+);|([A-Za-z_:][\w.:-]*);|)/g;
// Where `&` is literal text: CDATA sections, comments, processing instructions.
const LITERAL_SECTIONS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

// Named entities parseXml decodes (the XML five), by name, as found: asked of parseXml itself so
// that this check follows whatever it decodes.
const knownEntities = new Map<string, boolean>();
const MAX_KNOWN_ENTITIES = 256;

/** Whether parseXml decodes `&name;`; one it leaves as literal text is undeclared (a DOCTYPE is refused). */
function isDecodedEntity(name: string): boolean {
  if (XML_ENTITIES.has(name)) return true;
  let known = knownEntities.get(name);
  if (known === undefined) {
    try {
      known = parseXml(`<a>&${name};</a>`, { vendor: 'nagra-apubi', operation: 'entity' }).a !== `&${name};`;
    } catch {
      known = false;
    }
    if (knownEntities.size < MAX_KNOWN_ENTITIES) knownEntities.set(name, known);
  }
  return known;
}

/** The first malformed reference in `text`, or undefined. */
function badReference(text: string): string | undefined {
  for (const match of text.matchAll(REFERENCE)) {
    const [whole, hex, decimal, name] = match;
    if (whole === '&') return 'a bare "&"';
    if (name !== undefined) {
      if (!isDecodedEntity(name)) return `an undeclared entity (${whole})`;
      continue;
    }
    const code = Number.parseInt((hex ?? decimal) as string, hex === undefined ? 10 : 16);
    if (!isXmlChar(code)) return `a reference to a character XML does not allow (${whole})`;
  }
  return undefined;
}

/**
 * Refuses what `@jobwire/xml`'s parseXml lets through but an XML parser must not: a bare `&` (in an
 * attribute value), a reference to a character XML does not allow (`&#0;`, which parseXml drops
 * silently) and an undeclared entity (`&lol;`, which parseXml leaves as text). node-soap's parser
 * refused these, so the friendly calls, which no longer hand the text to node-soap, check it here,
 * after decoding, as node-soap did. Costs nothing for a body without `&`.
 */
function checkReferences(text: string, context: DecodeContext): void {
  if (!text.includes('&')) return;
  if (badReference(text) === undefined) return;
  // Slow path, only for a suspicious body: `&` is literal inside CDATA sections and comments.
  const problem = badReference(text.replace(LITERAL_SECTIONS, ''));
  if (problem !== undefined) {
    const http = context.status === undefined ? '' : ` (HTTP ${context.status})`;
    throw unexpected(context, `malformed XML: ${problem}${http}`, text);
  }
}

/** The SoapFaultError for a Body holding a Fault, else undefined. */
export function faultFromBody(body: XmlElement, context: DecodeContext): SoapFaultError | undefined {
  const fault = body.Fault;
  if (fault === undefined) return undefined;
  const element = isRecord(fault) ? fault : {};
  const faultCode = textOf(element.faultcode) ?? '';
  const faultString = textOf(element.faultstring) ?? '';
  const detail = detailOf(element.detail);
  const redact = context.redact ?? ((s: string) => s);
  const said = faultString || detail.message || 'no fault string';
  return new SoapFaultError(
    redact(`${context.vendor} ${context.operation} failed: SOAP fault ${faultCode || '(no faultcode)'}: ${said}`),
    {
      vendor: context.vendor,
      operation: context.operation,
      faultCode: redact(faultCode),
      faultString: redact(faultString),
      detail: detail.message === undefined ? {} : { message: redact(detail.message) },
      status: context.status,
    },
  );
}

/** `<detail><ns2:ExceptionWS><message>…` → `{ message }`; a detail with a bare message is accepted too. */
function detailOf(node: XmlNode | undefined): ApubiFaultDetail {
  if (!isRecord(node)) return {};
  const exception = isRecord(node.ExceptionWS) ? node.ExceptionWS : node;
  const message = textOf(exception.message);
  return message === undefined ? {} : { message };
}

/**
 * Parses an error body that may be a SOAP fault (HTTP 4xx/5xx). Returns undefined when it is not
 * a SOAP envelope with a Fault (an HTML proxy page, JSON, plain text), so the HTTP status decides.
 */
export function faultFromErrorBody(text: string, context: DecodeContext): SoapFaultError | undefined {
  if (!/<(?:[\w.-]+:)?Fault[\s>]/.test(text)) return undefined;
  try {
    const root = parseXml(text, { vendor: context.vendor, operation: context.operation, removeNamespacePrefixes: true });
    const envelope = root.Envelope;
    const body = isRecord(envelope) ? envelope.Body : undefined;
    return isRecord(body) ? faultFromBody(body, context) : undefined;
  } catch {
    return undefined;
  }
}

/** The response element of an operation: `<OpResponse>`, or the Body's only element. */
function responseElement(body: XmlElement, name: string, context: DecodeContext): XmlElement {
  let element = body[name];
  if (element === undefined) {
    const children = elementNames(body);
    if (children.length === 1) element = body[children[0] as string];
  }
  if (!isRecord(element)) throw shapeError(context, `a ${name} element`, body);
  return element;
}

/** LoadAssetResponse / PurgeAssetResponse → the task id, exactly as sent (required, not blank). */
export function decodeTaskId(body: XmlElement, responseName: string, context: DecodeContext): string {
  const element = responseElement(body, responseName, context);
  const taskId = exactTextOf(element.TaskId);
  if (!taskId?.trim()) throw shapeError(context, `${responseName} with a TaskId`, body);
  return taskId;
}

/**
 * GetTaskStatusResponse → `{ status, destinationAsset? }`: the status trimmed, the destination
 * exactly as sent (the caller may purge it by that id); a blank DestinationAsset is absent.
 */
export function decodeTaskStatus(body: XmlElement, context: DecodeContext): { status: string; destinationAsset?: string } {
  const element = responseElement(body, 'GetTaskStatusResponse', context);
  const status = textOf(element.Status);
  if (!status) throw shapeError(context, 'GetTaskStatusResponse with a Status', body);
  const destination = element.DestinationAsset;
  if (destination !== undefined && destination !== null && exactTextOf(destination) === undefined) {
    throw shapeError(context, 'a text DestinationAsset', body);
  }
  const destinationAsset = exactTextOf(destination);
  return destinationAsset?.trim() ? { status, destinationAsset } : { status };
}
