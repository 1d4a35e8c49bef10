// Benchmark case for @jobwire/truesight-orchestration. Authentication is a session token in the
// `Authentication-Token` header: the overhead benchmark gives the client a token (`authToken`, no
// login: the sample server answers every request with the job status), the waiters log in with the
// simulator's username and password (one POST /login, shared by all waiters).

const TOKEN = 'bench-session-token';

/** @type {import('./index.mjs').BenchCase} */
export default {
  vendor: 'truesight-orchestration',
  pkg: 'truesight-orchestration',
  protocol: 'rest',
  factory: 'createTrueSightOrchestrationClient',

  overhead: {
    basePath: '',
    jobId: 'a9c1d3e0-5f1b-4c2e-9d7a-3b8f0e6c1d42',
    // The faithful fixture of the documented sample: four `<result>` XML fragments as outputs.
    sample: 'specs/truesight-orchestration/samples/job-status.json',
    contentType: 'application/json; charset=utf-8',
    createClient: (mod, baseUrl, fetch) =>
      mod.createTrueSightOrchestrationClient({ baseUrl, authToken: TOKEN }, fetch ? { fetch } : {}),
    call: (client, jobId) => client.getJobStatus(jobId),
    // What a user would write: the same GET, JSON.parse, outputs left as the server's text.
    handRequest: (baseUrl, jobId) => ({
      url: `${baseUrl}/baocdp/rest/job/${encodeURIComponent(jobId)}/status`,
      init: { headers: { 'authentication-token': TOKEN } },
    }),
  },

  size: {
    // CI ceiling (min+gzip bytes) checked by `pnpm size`; see bench/size-budget.json for how budgets are set.
    budget: 17450,
    // Username and password, so login (and the token cache) is in the bundle as in a real app.
    connection: { baseUrl: 'https://tso.example.com:38080', username: 'u', password: 'p' },
    baselineCall:
      "client.GET('/job/{jobId}/status', { params: { path: { jobId: id } }, headers: { 'Authentication-Token': 't' } })",
  },

  // Many waiters (bench/waiters.mjs): the simulator and the client come from the vendor's definition.
  waiters: {},
};
