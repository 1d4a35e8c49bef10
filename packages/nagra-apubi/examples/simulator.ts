import { createNagraApubiClient } from '@jobwire/nagra-apubi';
import { startNagraApubiSimulator } from '@jobwire/nagra-apubi/simulator';

// A publishing server on 127.0.0.1 (this package's server kit) whose tasks end after half a second.
const sim = await startNagraApubiSimulator({ queuedMs: 100, runningMs: 400 });
try {
  const apubi = createNagraApubiClient({ baseUrl: sim.url, ...sim.credentials });
  const { taskId } = await apubi.loadAsset({
    sourceAssetUrl: 'ftp://cis/repository/movie.ts',
    destinationAsset: 'ftp://cdn/data/',
    metadata: '',
  });
  const final = await apubi.waitForJob(taskId, { minDelayMs: 50 });
  console.log(`${final.state}: published at ${final.outputs.destinationAsset}`);
} finally {
  await sim.close();
}
