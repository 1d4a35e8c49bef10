// Benchmark case for @jobwire/alteryx-server: everything the generic benchmarks need to know about
// one vendor. A new vendor is one file like this plus a line in ./index.mjs.

/** @type {import('./index.mjs').BenchCase} */
export default {
  vendor: 'alteryx-server',
  pkg: 'alteryx-server',
  protocol: 'rest',
  factory: 'createAlteryxServerClient',

  // Call overhead: the documented sample served for GET /v3/jobs/{jobId}.
  overhead: {
    basePath: '/webapi',
    jobId: '66e1f0a23d6200007e000aa1',
    sample: 'specs/alteryx-server/samples/job-view.json',
    contentType: 'application/json; charset=utf-8',
    createClient: (mod, baseUrl, fetch) =>
      mod.createAlteryxServerClient({ baseUrl, accessToken: 'bench-token' }, fetch ? { fetch } : {}),
    call: (client, jobId) => client.getJobStatus(jobId),
    // What a user would write instead: the same request (getJobStatus asks for messages too).
    handRequest: (baseUrl, jobId) => ({
      url: `${baseUrl}/v3/jobs/${encodeURIComponent(jobId)}?includeMessages=true`,
      init: { headers: { authorization: 'Bearer bench-token', accept: 'application/json' } },
    }),
  },

  // Size: a browser app that creates a client and reads / waits for a job (client credentials,
  // so the token request is in the bundle as it would be in a real app).
  size: {
    // CI ceiling (min+gzip bytes) checked by `pnpm size`; see bench/size-budget.json for how budgets are set.
    budget: 14950,
    connection: { baseUrl: 'https://alteryx.example.com/webapi', clientId: 'id', clientSecret: 'secret' },
    // openapi-fetch alone doing the same GET, the baseline a user would otherwise pick.
    baselineCall: "client.GET('/v3/jobs/{jobId}', { params: { path: { jobId: id }, query: { includeMessages: true } } })",
  },

  // Many waiters (bench/waiters.mjs): the simulator and the client come from the vendor's definition.
  waiters: {},
};
