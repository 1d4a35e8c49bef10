/**
 * Body reading: a 2xx body is read whole, under `maxResponseBytes` (a hostile or broken server can
 * send 500 MB or a gzip bomb), and JSON is parsed once and checked, so truncated or HTML bodies
 * become `UnexpectedResponseError` here and not a `SyntaxError` in the caller. A streamed body
 * (`body: 'stream'`) is handed over unread; a non-2xx answer goes up unread to error mapping.
 * This is where the bare `Response` of the policies below becomes the answer of those above.
 */

import { PipelineAnswer, tryParseJson } from '../answer.js';
import { readBody } from '../body-limit.js';
import type { TransportCall } from '../call.js';
import type { Answer } from '../pipeline.js';
import { unusable } from './error-mapping.js';

/** The body-reading step over `exchange` (the policies below it and the sender). */
export function bodyReading(exchange: (call: TransportCall) => Promise<Response>): (call: TransportCall) => Promise<Answer> {
  return async (call) => {
    const response = await exchange(call);
    if (!response.ok || call.mode === 'stream') return new PipelineAnswer(call, response, undefined, undefined);
    const { text, over } = await readBody(response, call.maxBytes);
    if (over) return unusable(call, response, text, call.maxBytes);
    if (text === '' || response.status === 204) return new PipelineAnswer(call, response, '', undefined);
    const mode = call.mode;
    const wantsJson = mode === 'json' || (mode === undefined && /json/i.test(response.headers.get('content-type') ?? ''));
    if (!wantsJson) return new PipelineAnswer(call, response, text, text);
    const parsed = tryParseJson(text);
    if (parsed === undefined) return unusable(call, response, text);
    return new PipelineAnswer(call, response, text, parsed);
  };
}
