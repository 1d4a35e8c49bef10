/** Type tests: checked by `pnpm typecheck` (tsc), and the runtime part by vitest. */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApubiHandlers,
  ApubiMetaData,
  ApubiMetaDataInput,
  ApubiTaskRef,
  ApubiTaskStatus,
  ApubiTaskStatusResult,
  GetTaskStatusResponse,
  JobState,
  JobStatus,
  LoadAssetInput,
  NagraApubiClient,
} from '../src/index.js';

describe('public types', () => {
  it('getJobStatus and waitForJob resolve to a JobStatus of the decoded task status', () => {
    expectTypeOf<ReturnType<NagraApubiClient['getJobStatus']>>().toEqualTypeOf<Promise<JobStatus<ApubiTaskStatusResult>>>();
    expectTypeOf<ReturnType<NagraApubiClient['waitForJob']>>().toEqualTypeOf<Promise<JobStatus<ApubiTaskStatusResult>>>();
    expectTypeOf<JobStatus['state']>().toEqualTypeOf<JobState>();
    expectTypeOf<ReturnType<NagraApubiClient['loadAsset']>>().toEqualTypeOf<Promise<ApubiTaskRef>>();
  });

  it('the documented statuses are a closed union; results still accept a new one', () => {
    expectTypeOf<ApubiTaskStatus>().toEqualTypeOf<'SUCCESS' | 'FAILED' | 'IN_PROGRESS'>();
    expectTypeOf<'IN_PROGRESS'>().toExtend<ApubiTaskStatusResult['status']>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<ApubiTaskStatusResult['status']>();
  });

  it('required fields are required, unlike the generated types', () => {
    expectTypeOf<LoadAssetInput>().toEqualTypeOf<{
      sourceAssetUrl: string;
      destinationAsset: string;
      metadata: ApubiMetaDataInput;
    }>();
    expectTypeOf<ApubiMetaDataInput>().toEqualTypeOf<string | ApubiMetaData>();
    expectTypeOf<ApubiMetaData['children']>().not.toBeUndefined();
    expectTypeOf<ApubiTaskStatusResult['status']>().not.toBeUndefined();
    expectTypeOf<GetTaskStatusResponse['Status']>().toEqualTypeOf<string | undefined>();
  });

  it('a server handler must answer a documented status', () => {
    type Reply = Awaited<ReturnType<NonNullable<ApubiHandlers['getTaskStatus']>>>;
    expectTypeOf<Reply['status']>().toEqualTypeOf<ApubiTaskStatus>();
    // @ts-expect-error not a StatusType value
    const bad: Reply = { status: 'DONE' };
    void bad;
  });
});
