// Benchmark case for @jobwire/aspera-orchestrator. The work order status is a GET with the id and the
// format in the last path segment (`/api/work_order_status/8461.json`), so the waiters find the id
// with a regex rather than a whole path segment. HTTP Basic, the client's default auth.

const USER = 'bench-user';
const PASSWORD = 'bench-password';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const STATUS_PATH = /\/api\/work_order_status\/([^/.?]+)\.json(?:\?|$)/;

/** @type {import('./index.mjs').BenchCase} */
export default {
  vendor: 'aspera-orchestrator',
  pkg: 'aspera-orchestrator',
  protocol: 'rest',
  factory: 'createAsperaOrchestratorClient',

  overhead: {
    basePath: '/aspera/orchestrator',
    jobId: '8461',
    sample: 'specs/aspera-orchestrator/samples/work-order-status.json',
    contentType: 'application/json; charset=utf-8',
    createClient: (mod, baseUrl, fetch) =>
      mod.createAsperaOrchestratorClient({ baseUrl, auth: { username: USER, password: PASSWORD } }, fetch ? { fetch } : {}),
    // A string is a work order id; the default format is JSON.
    call: (client, jobId) => client.getJobStatus(jobId),
    handRequest: (baseUrl, jobId) => ({
      url: `${baseUrl}/api/work_order_status/${encodeURIComponent(jobId)}.json`,
      init: { headers: { authorization: BASIC } },
    }),
  },

  size: {
    // CI ceiling (min+gzip bytes) checked by `pnpm size`; see bench/size-budget.json for how budgets are set.
    budget: 19500,
    connection: { baseUrl: 'https://ao.example.com/aspera/orchestrator', auth: { username: 'u', password: 'p' } },
    baselineCall:
      "client.GET('/api/work_order_status/{workOrderId}.{format}', { params: { path: { workOrderId: id, format: 'json' } }, headers: { authorization: 'Basic dTpw' } })",
  },

  // Many waiters (bench/waiters.mjs): the simulator and the client come from the vendor's definition;
  // only how a request names its job is told here.
  waiters: {
    jobIdOf: (request, index) => {
      const m = STATUS_PATH.exec(request.url);
      return m ? index.get(decodeURIComponent(m[1])) : undefined;
    },
  },
};
