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
});
