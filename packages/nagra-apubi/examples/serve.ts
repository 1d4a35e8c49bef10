import { randomUUID } from 'node:crypto';
import { ApubiFault, createApubiServer, type GetTaskStatusReply } from '@jobwire/nagra-apubi';

// A publishing server: NAGRA's Workflow Manager calls it. Here tasks finish at once.
const password = process.env.APUBI_PASSWORD;
if (!password) throw new Error('Set APUBI_PASSWORD: the HTTP Basic password WFM is configured with');
const tasks = new Map<string, GetTaskStatusReply>();
const server = createApubiServer(
  {
    loadAsset({ sourceAssetUrl, destinationAsset }) {
      if (!sourceAssetUrl.startsWith('ftp://'))
        throw new ApubiFault('Source asset is missing or unreachable', { code: 'Client' });
      const taskId = randomUUID();
      tasks.set(taskId, { status: 'SUCCESS', destinationAsset: `${destinationAsset}movie_01072015100045.ts` });
      return { taskId };
    },
    purgeAsset() {
      const taskId = randomUUID();
      tasks.set(taskId, { status: 'SUCCESS' });
      return { taskId };
    },
    getTaskStatus({ taskId }) {
      const task = tasks.get(taskId);
      if (!task) throw new ApubiFault('Task Id does not exist');
      return task;
    },
  },
  { path: '/apubi', basicAuth: { username: process.env.APUBI_USER ?? 'wfm', password } },
);

export const endpoint = await server.listen({ port: Number(process.env.PORT ?? 0) });
export const stop = server.close;
console.log(`APUBI publishing server at ${endpoint} (WSDL at ${endpoint}?wsdl)`);
