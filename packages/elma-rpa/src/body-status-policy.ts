/**
 * ELMA answers every call with a JSON `status` of its own, which can differ from the HTTP status:
 * `200 OK` with `{"status": 404}` is a missing task, and a download of a missing file is a
 * `200 OK` JSON envelope instead of the file. This policy, added to the client's transport, turns
 * such an answer into the error that HTTP status would be — same class, message and retries — with
 * the HTTP status really sent in `HTTP_STATUS_HEADER` (`answer.errorAs`).
 */
import type { TransportPolicy } from '@jobwire/core';
import { elmaBodyStatus } from './errors.js';

/** The transport policy of ELMA's body `status` (`createHttpTransport({ policies: [elmaBodyStatusPolicy] })`). */
export const elmaBodyStatusPolicy: TransportPolicy = {
  name: 'elmaBodyStatus',
  async sendRequest(request, next) {
    const answer = await next(request);
    // A body read already is looked at as it is (no extra await on every poll); only a streamed
    // download needs `json()`, which looks into a small JSON one and leaves a file alone.
    const body = answer.text === undefined ? await answer.json() : answer.value === answer.text ? undefined : answer.value;
    const status = elmaBodyStatus(body);
    if (status !== undefined) throw await answer.errorAs(status);
    return answer;
  },
};
