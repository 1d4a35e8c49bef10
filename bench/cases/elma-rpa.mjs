// Benchmark case for @jobwire/elma-rpa. Every ELMA call is a POST with `auth_tkn` and the task id in
// the JSON body, so the hand-written baseline is a POST too, and the waiters find the task id in the body.

const AUTH = '5d5ec66f-357d-4c2d-bbc1-2012278d2362'; // from specs/elma-rpa/samples/task-status.request.json
const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf'; // first process of process-list.response.json

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
    connection: { baseUrl: 'https://rpa.example.com:48080', authToken: AUTH },
    baselineCall: "client.POST('/v1/orchestra/task/status', { body: { auth_tkn: 'x', id } })",
  },

  waiters: {
    connection: (sim) => ({ baseUrl: sim.url, ...sim.credentials }),
    createJob: async (client) => (await client.createTask({ process: PROCESS, context: {} })).id,
    // The task id travels in the body; reading a clone costs the client process a little extra.
    jobIdOf: async (request, index) => {
      if (!request.url.endsWith('/task/status')) return undefined;
      const body = await request.clone().json();
      return index.get(String(body.id));
    },
  },
};
