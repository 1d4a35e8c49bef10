// Benchmark case for @jobwire/elma-rpa. Every ELMA call is a POST with `auth_tkn` and the task id in
// the JSON body, so the hand-written baseline is a POST too, and the waiters find the task id in the body.

const AUTH = '5d5ec66f-357d-4c2d-bbc1-2012278d2362'; // from specs/elma-rpa/samples/task-status.request.json

/** @type {import('./index.mjs').BenchCase} */
export default {
  vendor: 'elma-rpa',
  pkg: 'elma-rpa',
  protocol: 'rest',
  factory: 'createElmaRpaClient',

  overhead: {
    basePath: '',
    jobId: 955,
    sample: 'specs/elma-rpa/samples/task-done.response.json',
    contentType: 'application/json; charset=utf-8',
    createClient: (mod, baseUrl, fetch) => mod.createElmaRpaClient({ baseUrl, authToken: AUTH }, fetch ? { fetch } : {}),
    call: (client, jobId) => client.getJobStatus(jobId),
    handRequest: (baseUrl, jobId) => ({
      url: `${baseUrl}/v1/orchestra/task/status`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ auth_tkn: AUTH, id: jobId }),
      },
    }),
  },

  size: {
    // CI ceiling (min+gzip bytes) checked by `pnpm size`; see bench/size-budget.json for how budgets are set.
    budget: 15150,
    connection: { baseUrl: 'https://rpa.example.com:48080', authToken: AUTH },
    baselineCall: "client.POST('/v1/orchestra/task/status', { body: { auth_tkn: 'x', id } })",
  },

  // Many waiters (bench/waiters.mjs): the simulator and the client come from the vendor's definition;
  // only how a request names its job is told here.
  waiters: {
    jobIdOf: async (request, index) => {
      if (!request.url.endsWith('/task/status')) return undefined;
      const body = await request.clone().json();
      return index.get(String(body.id));
    },
  },
};
