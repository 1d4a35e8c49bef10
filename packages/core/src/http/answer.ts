/** The answer the policies above body reading pass up (pipeline.ts): one object per attempt that reaches body reading. */
import type { JobwireError } from '../errors.js';
import { bufferedResponse } from './buffered-response.js';
import type { TransportCall } from './call.js';
import { loadStreamGuard } from './lazy-chunks.js';
import type { Answer } from './pipeline.js';
import { errorFrom } from './policies/error-mapping.js';

export class PipelineAnswer implements Answer {
  declare response: Response;
  declare readonly text: string | undefined;
  declare readonly value: unknown;
  declare private readonly call: TransportCall;
  /** The text of a streamed body looked into by `json()`, when that was all of it. */
  declare private peeked: string | undefined;

  constructor(call: TransportCall, response: Response, text: string | undefined, value: unknown) {
    this.call = call;
    this.response = response;
    this.text = text;
    this.value = value;
    this.peeked = undefined;
  }

  async json(): Promise<unknown> {
    // Read as text (`value === text`) or empty: not JSON. (A parsed JSON string never equals its text.)
    if (this.text !== undefined) return this.value === this.text ? undefined : this.value;
    if (this.peeked !== undefined) return tryParseJson(this.peeked);
    const { peekJson } = await loadStreamGuard();
    const peek = await peekJson(this.response, (text, init, bytes) => bufferedResponse(text, init, { bytes }));
    this.response = peek.response;
    if (peek.text === undefined) return undefined;
    this.peeked = peek.text;
    return tryParseJson(peek.text);
  }

  errorAs(status: number): Promise<JobwireError> {
    if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
      throw new RangeError(`errorAs takes an error status (400–599), got ${status}`);
    }
    return errorFrom(this.call, this.response, { status, text: this.text ?? this.peeked ?? '' });
  }
}

export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
