/** Type tests: checked by `pnpm typecheck` (tsc), and the runtime part by vitest. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AsperaJobStatus,
  type AsperaOrchestratorClient,
  createAsperaOrchestratorClient,
  type JobState,
  type JobStatus,
  type WorkOrder,
  type WorkStepStatus,
} from '../src/index.js';

describe('public types', () => {
  it('getJobStatus and waitForJob resolve to a JobStatus of a work order or a step', () => {
    expectTypeOf<ReturnType<AsperaOrchestratorClient['getJobStatus']>>().toEqualTypeOf<Promise<AsperaJobStatus>>();
    expectTypeOf<AsperaJobStatus>().toEqualTypeOf<JobStatus<WorkOrder | WorkStepStatus>>();
    expectTypeOf<ReturnType<AsperaOrchestratorClient['waitForJob']>>().toEqualTypeOf<Promise<AsperaJobStatus>>();
    expectTypeOf<JobStatus['state']>().toEqualTypeOf<JobState>();
  });

  it('the job reference is a work order, optionally one of its steps', () => {
    expectTypeOf<Parameters<AsperaOrchestratorClient['getJobStatus']>[0]>().toExtend<
      string | { workOrderId: string | number; stepName?: string }
    >();
  });

  it('status strings suggest the known values and still accept new ones', () => {
    expectTypeOf<'Canceled'>().toExtend<WorkOrder['status']>();
    expectTypeOf<'Something New'>().toExtend<WorkStepStatus['work_step']['status']>();
    expectTypeOf<WorkStepStatus['work_step']['id']>().toEqualTypeOf<number>();
  });

  it('auth needs its secret: a query login without password or api key is not an auth', () => {
    expectTypeOf(createAsperaOrchestratorClient).parameter(0).toExtend<{ baseUrl: string }>();
    const typeOnly = () => {
      // @ts-expect-error a query login needs a password or an API key
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth: { type: 'query', login: 'admin' } });
      // @ts-expect-error the format is json or xml
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth: { username: 'a', password: 'b' }, format: 'yaml' });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('the factory takes (connection, options); the one-object form still types its options', () => {
    const typeOnly = () => {
      const auth = { username: 'a', password: 'b' };
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth });
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth }, { format: 'xml', fetch: (request) => fetch(request) });
      // The deprecated form: inline functions still get their parameter types.
      createAsperaOrchestratorClient({
        baseUrl: 'http://x',
        auth,
        fetch: (request) => {
          expectTypeOf(request).toEqualTypeOf<Request>();
          return fetch(request);
        },
      });
      // @ts-expect-error options belong in the second argument, not the connection
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth, format: 'xml' }, { retry: false });
      // @ts-expect-error the connection is not an option
      createAsperaOrchestratorClient({ baseUrl: 'http://x', auth }, { baseUrl: 'http://y' });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});
