/** Type tests: checked by `pnpm typecheck` (tsc), and the runtime part by vitest. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AlteryxServerClient,
  type CancelJobResult,
  createAlteryxServerClient,
  type JobState,
  type JobStatus,
  type JobView,
} from '../src/index.js';

describe('public types', () => {
  it('getJobStatus and waitForJob resolve to a JobStatus of JobView', () => {
    expectTypeOf<ReturnType<AlteryxServerClient['getJobStatus']>>().toEqualTypeOf<Promise<JobStatus<JobView>>>();
    expectTypeOf<ReturnType<AlteryxServerClient['waitForJob']>>().toEqualTypeOf<Promise<JobStatus<JobView>>>();
    expectTypeOf<JobStatus['state']>().toEqualTypeOf<JobState>();
  });

  it('cancelJob says what happened as a closed union', () => {
    expectTypeOf<CancelJobResult['outcome']>().toEqualTypeOf<'cancelled' | 'deleted'>();
  });

  it('status strings suggest the known values and still accept new ones', () => {
    expectTypeOf<'Completed'>().toExtend<JobView['status']>();
    expectTypeOf<'SomethingNew'>().toExtend<JobView['status']>();
  });

  it('the connection is either client credentials or a token, never neither', () => {
    expectTypeOf(createAlteryxServerClient).parameter(0).toExtend<{ baseUrl: string }>();
    // @ts-expect-error a secret without its id is not a connection
    createAlteryxServerClient({ baseUrl: 'http://x', clientSecret: 's' });
  });
});
