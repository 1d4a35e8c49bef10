/** Type tests: checked by `tsc --noEmit`, and the runtime part by vitest. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CreateTaskInput,
  createElmaRpaClient,
  type ElmaRpaClient,
  type ElmaTask,
  type JobStatus,
  type TaskContext,
} from '../src/index.js';

describe('public types', () => {
  it('getJobStatus and waitForJob resolve to a JobStatus of ElmaTask', () => {
    expectTypeOf<ReturnType<ElmaRpaClient['getJobStatus']>>().toEqualTypeOf<Promise<JobStatus<ElmaTask>>>();
    expectTypeOf<ReturnType<ElmaRpaClient['waitForJob']>>().toEqualTypeOf<Promise<JobStatus<ElmaTask>>>();
  });

  it('status and priority suggest the known values and still accept new ones', () => {
    expectTypeOf<'DONE'>().toExtend<ElmaTask['status']>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<ElmaTask['status']>();
    expectTypeOf<'HIGH'>().toExtend<NonNullable<ElmaTask['priority']>>();
  });

  it('the task id is a number; metrics are always there', () => {
    expectTypeOf<ElmaTask['id']>().toEqualTypeOf<number>();
    expectTypeOf<ElmaTask['metrics']>().toEqualTypeOf<{ startTime?: string; endTime?: string }>();
  });

  it('contexts take ELMA value types, Dates and URLs included', () => {
    expectTypeOf({ a: 'x', b: 1, c: true, d: new Date(), e: new URL('http://x/'), f: ['x', 2], g: null }).toExtend<TaskContext>();
    expectTypeOf<{ a: () => void }>().not.toExtend<TaskContext>();
    expectTypeOf<CreateTaskInput['callback']>().toEqualTypeOf<string | URL | undefined>();
  });

  it('a connection needs an auth token', () => {
    // @ts-expect-error authToken is required
    expectTypeOf(() => createElmaRpaClient({ baseUrl: 'http://x' })).toBeFunction();
  });
});
