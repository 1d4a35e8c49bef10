import type { HttpTransport } from '@jobwire/core';
import type { XmlElement } from '@jobwire/core/xml';
import type { IExOptions, IHttpClient } from 'soap';
import { decodeSoapBody } from './decode.js';

/**
 * What one friendly-client call hands to node-soap as its per-call options, and gets back: node-soap
 * passes the same object on to the HTTP client below.
 */
export interface SoapCall<T = unknown> {
  operation: 'LoadAsset' | 'PurgeAsset' | 'GetTaskStatus';
  /** Reads retry by default, writes never (core transport policy). */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  /** Checks and decodes the SOAP Body (parsed by core's parseXml) before node-soap sees the text. */
  decode: (body: XmlElement) => T;
  /** What `decode` returned. */
  result?: { value: T };
}

const CALL = Symbol.for('jobwire.nagra-apubi.call');

/** node-soap per-call options carrying a SoapCall. */
export function callOptions<T>(call: SoapCall<T>): IExOptions {
  return { [CALL]: call } as IExOptions;
}

/**
 * node-soap's HTTP client, replaced: requests go through core's transport (fetch, timeout, abort,
 * retries for reads, typed errors, redaction), and every answer is checked by core's parseXml
 * before node-soap parses it, so faults, HTML pages, non-XML and malformed bodies are typed
 * errors and node-soap only ever sees a well-formed envelope.
 */
export function soapHttpClient(transport: HttpTransport): IHttpClient {
  return {
    request(url, data, callback, headers, exoptions) {
      // A raw call through `client.soap()` has no SoapCall: name it after its SOAPAction, decode nothing.
      const call = (exoptions as Record<symbol, SoapCall | undefined> | undefined)?.[CALL] ?? rawCall(headers);
      const run = async () => {
        const request = new Request(url, {
          method: 'POST',
          body: String(data),
          headers: (headers ?? {}) as Record<string, string>,
          ...(call.signal ? { signal: call.signal } : {}),
        });
        const send = transport.forOperation({ operation: call.operation, idempotent: call.idempotent, body: 'text' });
        const response = await send(request);
        const text = await response.text();
        const body = decodeSoapBody(text, {
          vendor: transport.vendor,
          operation: call.operation,
          status: response.status,
          redact: transport.redactor.text,
        });
        call.result = { value: call.decode(body) };
        return { status: response.status, headers: Object.fromEntries(response.headers), data: text };
      };
      const promise = run();
      promise.then(
        (response) => callback(null, response, response.data),
        (error: unknown) => callback(error),
      );
      // node-soap ignores the value; the type wants an AxiosPromise.
      return promise as unknown as ReturnType<IHttpClient['request']>;
    },
  };
}

const OPERATIONS = ['LoadAsset', 'PurgeAsset', 'GetTaskStatus'] as const;

function rawCall(headers: Record<string, unknown> | undefined): SoapCall {
  const action = String(headers?.SOAPAction ?? '').replace(/"/g, '');
  const operation = OPERATIONS.find((op) => action.endsWith(op)) ?? 'GetTaskStatus';
  return { operation, idempotent: operation === 'GetTaskStatus', decode: () => undefined };
}
