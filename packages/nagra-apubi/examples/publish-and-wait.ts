import { apubi } from './connect.js';

const { taskId } = await apubi.loadAsset({
  sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
  destinationAsset: 'ftp://user:password@CDN:21/data/cdn/',
  metadata: 'title=Movie 01',
});
console.log(`publishing task ${taskId}`);

const final = await apubi.waitForJob(taskId, {
  timeoutMs: 60 * 60_000,
  minDelayMs: Number(process.env.APUBI_POLL_MS ?? 5000),
  onProgress: (status) => console.log(`… ${status.state} (${status.vendorStatus})`),
});
console.log(`finished: ${final.state}, destination ${final.raw.destinationAsset ?? '(none)'}`);
