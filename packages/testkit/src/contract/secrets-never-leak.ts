// No secret setting's value — the right one or a wrong one — shows in an error (message, stack,
// JSON, util.inspect) or in anything the session logged, whether the credentials were good or bad.
import assert from 'node:assert/strict';
import { findSecretLeaks } from '../reliability.js';
import { rejectionOf } from './assertions.js';
import { type ContractGroup, QUICK_POLLS, SHORT_LIFE } from './case.js';
import { secretValues, wrongCredentials } from './harness.js';

/** Secrets in errors and logs. */
export const secretsNeverLeak: ContractGroup = {
  title: 'secrets',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'secrets-never-leak',
      title: 'no secret setting shows in errors or log lines, with good or bad credentials',
      async run({ definition, settings, connect, unknownJobId }) {
        const bad = wrongCredentials(definition, settings);
        // findSecretLeaks cannot look for fewer than 4 characters without false alarms.
        const secrets = [...new Set([...secretValues(definition, settings), ...secretValues(definition, bad)])];
        const searchable = secrets.filter((secret) => secret.length >= 4);
        assert.ok(searchable.length > 0, 'no secret setting of 4 characters or more to look for');
        const leaks: string[] = [];
        const look = (what: string, error: unknown, logged: ReadonlyArray<{ args: unknown[] }>) => {
          for (const leak of findSecretLeaks(error, searchable, logged)) leaks.push(`${what}: ${leak}`);
        };

        const good = connect();
        const id = await good.session.startJob(definition.start.demo);
        await good.session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: 20_000 });
        const unknown = await unknownJobId();
        look(
          'good credentials, unknown job',
          await rejectionOf(good.session.getJobStatus(unknown), 'reading an unknown job'),
          good.logged,
        );
        const timeout = await rejectionOf(
          good.session.waitForJob(unknown, { ...QUICK_POLLS, timeoutMs: 1 }),
          'a wait on an unknown job',
        );
        look('good credentials, a wait on an unknown job', timeout, good.logged);

        const wrong = connect(bad);
        look(
          'bad credentials, getJobStatus',
          await rejectionOf(wrong.session.getJobStatus(id), 'getJobStatus with wrong credentials'),
          wrong.logged,
        );
        look(
          'bad credentials, startJob',
          await rejectionOf(wrong.session.startJob(definition.start.demo), 'startJob with wrong credentials'),
          wrong.logged,
        );
        assert.ok(
          good.logged.length + wrong.logged.length > 0,
          'the sessions logged nothing: connect must pass the client options (logger) on',
        );
        assert.deepEqual(leaks, [], 'secrets leaked');
      },
    },
  ],
};
