/**
 * The deprecated `bodyStatus` option of `createHttpTransport`, as a policy: a 2xx JSON answer whose
 * body carries an error status of its own becomes the error of that status. Only ELMA answers so
 * (`200 OK` with `{"status": 404}`), and its package now has this as its own policy
 * (`@jobwire/elma-rpa` `body-status-policy.ts`); this file goes when the option does.
 */
import type { TransportPolicy } from '../pipeline.js';

/** A policy that throws `answer.errorAs(status)` when `bodyStatus` reads an error status in a JSON body. */
export function bodyStatusPolicy(bodyStatus: (body: unknown) => number | undefined): TransportPolicy {
  return {
    name: 'bodyStatus',
    async sendRequest(request, next) {
      const answer = await next(request);
      // A body read already is looked at as it is; only a streamed one needs `json()`.
      const body = answer.text === undefined ? await answer.json() : answer.value === answer.text ? undefined : answer.value;
      const status = body === undefined ? undefined : bodyStatus(body);
      if (status !== undefined) throw await answer.errorAs(status);
      return answer;
    },
  };
}
