import { createElmaRpaClient } from '@jobwire/elma-rpa';

// The auth token is the UUID your system registered with the Orchestrator and an admin approved.
export const elma = createElmaRpaClient({
  baseUrl: process.env.ELMA_URL ?? 'http://localhost:48080',
  authToken: process.env.ELMA_AUTH_TOKEN ?? '',
  // The documentation does not give the cancel path: set it if yours differs from the default.
  cancelPath: process.env.ELMA_CANCEL_PATH ?? '/v1/orchestra/task/cancel',
});
