// Parent side of ./sample-server.mjs: start, ask what it saw, stop.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export async function startSampleServer({ body, contentType, status }) {
  const worker = new Worker(new URL('./sample-server.mjs', import.meta.url), { workerData: { body, contentType, status } });
  const [message] = await once(worker, 'message');
  const ask = async (question, answer) => {
    worker.postMessage(question);
    for (;;) {
      const [reply] = await once(worker, 'message');
      if (reply.type === answer) return reply;
    }
  };
  return {
    origin: `http://127.0.0.1:${message.port}`,
    seen: async () => (await ask('seen', 'seen')).seen,
    close: async () => {
      await ask('close', 'closed');
      await worker.terminate();
    },
  };
}
