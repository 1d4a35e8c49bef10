/** What `promise` rejects with; fails the test when it resolves (core cannot depend on the testkit, which has the same helper). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
