/**
 * ELMA answers every call with a JSON `status` of its own, which can differ from the HTTP status:
 * `200 OK` with `{"status": 404}` is a missing task, and a download of a missing file is a
 * `200 OK` JSON envelope instead of the file. This policy, added to the client's transport, turns
 * such an answer into the error that HTTP status would be (core's `bodyStatusPolicy`, told where
 * ELMA keeps the status).
 */
import type { TransportPolicy } from '@jobwire/core';
import { bodyStatusPolicy } from '@jobwire/core/internal';
import { elmaBodyStatus } from './errors.js';

/** The transport policy of ELMA's body `status` (`createHttpTransport({ policies: [elmaBodyStatusPolicy] })`). */
export const elmaBodyStatusPolicy: TransportPolicy = bodyStatusPolicy(elmaBodyStatus, 'elmaBodyStatus');
