import { createServer } from 'node:http';
import { parseTaskCallback } from '@jobwire/elma-rpa';

// Pass `callback: 'http://THIS-HOST:8090/elma/done'` to createTask: ELMA POSTs here when the task ends.
export const receiver = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const task = parseTaskCallback(Buffer.concat(chunks), { authToken: process.env.ELMA_AUTH_TOKEN });
    console.log(`task ${task.id} finished: ${task.status}`, task.outputContext ?? {});
    response.writeHead(204).end();
  } catch {
    response.writeHead(400).end();
  }
});
receiver.listen(Number(process.env.ELMA_CALLBACK_PORT ?? 8090), '127.0.0.1');
