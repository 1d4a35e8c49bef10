// Failures the caller can tell apart: an unknown job and wrong credentials reject with the typed
// errors of @jobwire/core, naming the vendor and the operation.
import { AuthenticationError, JobwireError, NotFoundError } from '@jobwire/core';
import { assertJobwireError, rejectionOf } from './assertions.js';
import { type ContractGroup, SHORT_LIFE } from './case.js';
import { wrongCredentials } from './harness.js';

/** Typed errors for an unknown job and for wrong credentials. */
export const typedErrors: ContractGroup = {
  title: 'typed errors',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'unknown-job-id',
      title: 'an unknown job id rejects with a typed error (NotFoundError where the vendor answers 404)',
      async run({ definition, options, connect, unknownJobId }) {
        const id = await unknownJobId();
        const expected = options.unknownJobError ?? (definition.protocol === 'rest' ? NotFoundError : JobwireError);
        const error = await rejectionOf(connect().session.getJobStatus(id), `getJobStatus(${JSON.stringify(id)})`);
        assertJobwireError(error, definition.id, `getJobStatus of the unknown job ${JSON.stringify(id)}`, expected);
      },
    },
    {
      name: 'wrong-credentials',
      title: 'wrong credentials (every secret setting changed) reject with AuthenticationError',
      async run({ definition, options, settings, connect }) {
        const expected = options.badCredentialsError ?? AuthenticationError;
        const id = await connect().session.startJob(definition.start.demo);
        const { session } = connect(wrongCredentials(definition, settings));
        const read = await rejectionOf(session.getJobStatus(id), 'getJobStatus with wrong credentials');
        assertJobwireError(read, definition.id, 'getJobStatus with wrong credentials', expected);
        const start = await rejectionOf(session.startJob(definition.start.demo), 'startJob with wrong credentials');
        assertJobwireError(start, definition.id, 'startJob with wrong credentials', expected);
      },
    },
  ],
};
