import { createElmaCallbackReceiver, createElmaCallbackServer } from '@jobwire/elma-rpa/node';
import { elma } from './connect.js';

// ELMA POSTs to a task's callback URL when the task ends. The receiver refuses any request
// without the URL's secret token, then asks the Orchestrator (getTask) before it reports anything.
export const receiver = createElmaCallbackReceiver({
  client: elma,
  key: process.env.ELMA_CALLBACK_KEY ?? '', // 32+ random bytes, e.g. `openssl rand -hex 32`
  url: process.env.ELMA_CALLBACK_URL ?? 'https://rpa-callbacks.example.com/elma/done',
  authToken: process.env.ELMA_AUTH_TOKEN,
  onTask: (status) => console.log(`task ${status.id} finished: ${status.state}`, status.outputs),
});
export const server = createElmaCallbackServer(receiver);
server.listen(Number(process.env.ELMA_CALLBACK_PORT ?? 8090), '127.0.0.1');

// Each task gets its own callback URL, with its own token.
const task = await receiver.createTask({
  process: process.env.ELMA_PROCESS ?? 'c39f99de-cb8f-4661-a206-b282a4830cbf',
  context: { Name_in: 'Ada Lovelace' },
});
console.log(`created task ${task.id}; ELMA will call back`);
