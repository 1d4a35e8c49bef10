import type { HttpTransport } from '@jobwire/core/internal';
import type { IHttpClient } from 'soap';
import { decodeSoapBody } from './decode.js';
import type { ApubiOperation } from './envelope.js';

/*
 * Only the raw node-soap client (`client.soap()`) goes through here, and this module is loaded
 * with it, on first use. The friendly calls (loadAsset, purgeAsset, getTaskStatus) write their
 * envelopes and read the answers themselves (client.ts): one parse per answer, no node-soap.
 */

/**
 * node-soap's HTTP client, replaced: requests go through core's transport (fetch, timeout,
 * retries for reads, typed errors, redaction), and every answer is checked by `@jobwire/xml`'s parseXml
 * before node-soap parses it, so faults, HTML pages, non-XML and malformed bodies are typed
 * errors and node-soap only ever sees a well-formed envelope.
 */
export function soapHttpClient(transport: HttpTransport): IHttpClient {
  return {
    request(url, data, callback, headers) {
      // Named after its SOAPAction: GetTaskStatus is a read (retried), the others are writes.
      const operation = operationOf(headers);
      const send = transport.forOperation({ operation, idempotent: operation === 'GetTaskStatus', body: 'text' });
      const run = async () => {
        const request = new Request(url, {
          method: 'POST',
          body: String(data),
          headers: (headers ?? {}) as Record<string, string>,
        });
        const response = await send(request);
        const text = await response.text();
        decodeSoapBody(text, {
          vendor: transport.vendor,
          operation,
          status: response.status,
          redact: transport.redactor.text,
        });
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

const OPERATIONS: readonly ApubiOperation[] = ['LoadAsset', 'PurgeAsset', 'GetTaskStatus'];

function operationOf(headers: Record<string, unknown> | undefined): ApubiOperation {
  const action = String(headers?.SOAPAction ?? '').replace(/"/g, '');
  return OPERATIONS.find((op) => action.endsWith(op)) ?? 'GetTaskStatus';
}
