/** Type tests: checked by `pnpm typecheck` (tsc), and the runtime part by vitest. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AsyncExecution,
  createTrueSightClient,
  createTrueSightOrchestrationClient,
  type ExecutionResult,
  type JobState,
  type JobStatus,
  type JobStatusResponse,
  type SyncExecution,
  type TrueSightClient,
  type TrueSightClientOptions,
  type TrueSightConnection,
  type TrueSightOrchestrationClient,
  type TrueSightOrchestrationClientOptions,
  type TrueSightOrchestrationConnection,
} from '../src/index.js';

describe('public types', () => {
  it('getJobStatus and waitForJob resolve to a JobStatus of the response', () => {
    expectTypeOf<ReturnType<TrueSightOrchestrationClient['getJobStatus']>>().toEqualTypeOf<
      Promise<JobStatus<JobStatusResponse>>
    >();
    expectTypeOf<ReturnType<TrueSightOrchestrationClient['waitForJob']>>().toEqualTypeOf<Promise<JobStatus<JobStatusResponse>>>();
    expectTypeOf<JobStatus['state']>().toEqualTypeOf<JobState>();
  });

  it('executeProcess returns what the mode says', () => {
    // Only type-checked: never called, so nothing is sent.
    const check = (client: TrueSightOrchestrationClient) => {
      expectTypeOf(client.executeProcess(':M:P', [], { mode: 'async' })).toEqualTypeOf<Promise<AsyncExecution>>();
      expectTypeOf(client.executeProcess(':M:P', [], { mode: 'sync' })).toEqualTypeOf<Promise<SyncExecution>>();
      expectTypeOf(client.executeProcess(':M:P')).toEqualTypeOf<Promise<SyncExecution>>();
      const mode = 'async' as 'sync' | 'async';
      expectTypeOf(client.executeProcess(':M:P', {}, { mode })).toEqualTypeOf<Promise<ExecutionResult>>();
    };
    expectTypeOf(check).toBeFunction();
  });

  it('status strings suggest the known values and still accept new ones', () => {
    expectTypeOf<'Compensated'>().toExtend<JobStatusResponse['status']>();
    expectTypeOf<'SomethingNew'>().toExtend<JobStatusResponse['status']>();
  });

  it('the connection is credentials or a token, never neither', () => {
    expectTypeOf(createTrueSightOrchestrationClient).parameter(0).toExtend<{ baseUrl: string }>();
    // @ts-expect-error a password without a username is not a connection
    createTrueSightOrchestrationClient({ baseUrl: 'http://127.0.0.1:9', password: 's' });
    // @ts-expect-error the component is baocdp or baoap
    createTrueSightOrchestrationClient({ baseUrl: 'http://127.0.0.1:9', component: 'cdp', authToken: 'a-token' });
  });

  it('the old names (deprecated) are the same function and types', () => {
    expect(createTrueSightClient).toBe(createTrueSightOrchestrationClient);
    expectTypeOf<TrueSightClient>().toEqualTypeOf<TrueSightOrchestrationClient>();
    expectTypeOf<TrueSightClientOptions>().toEqualTypeOf<TrueSightOrchestrationClientOptions>();
    expectTypeOf<TrueSightConnection>().toEqualTypeOf<TrueSightOrchestrationConnection>();
  });
});
