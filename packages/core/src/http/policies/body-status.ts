/**
 * A status in the body: a 2xx JSON answer whose body carries an error status of its own becomes the
 * error of that status (same class, message and retries; the HTTP status really sent in
 * `HTTP_STATUS_HEADER`). The vendor says where its body keeps the status (ELMA: `200 OK` with
 * `{"status": 404}`) and adds the policy to its client; the deprecated `bodyStatus` option is the same.
 */
import type { TransportPolicy } from '../pipeline.js';

/** A policy that throws `answer.errorAs(status)` when `bodyStatus` reads an error status in a JSON body. */
export function bodyStatusPolicy(bodyStatus: (body: unknown) => number | undefined, name = 'bodyStatus'): TransportPolicy {
  return {
    name,
    async sendRequest(request, next) {
      const answer = await next(request);
      // A body read already is looked at as it is (no extra await on every poll); only a streamed
      // one (a download) needs `json()`, which looks into a small JSON one and leaves a file alone.
      const body = answer.text === undefined ? await answer.json() : answer.value === answer.text ? undefined : answer.value;
      const status = body === undefined ? undefined : bodyStatus(body);
      if (status !== undefined) throw await answer.errorAs(status);
      return answer;
    },
  };
}
