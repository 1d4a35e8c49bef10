import { type ApubiMetaData, writeMetaData } from '@jobwire/nagra-apubi';
import { apubi } from './connect.js';

// MetaData as text and elements, in order; every value is escaped and arrives exactly.
const metadata: ApubiMetaData = {
  children: [
    { name: 'Title', attributes: { lang: 'en' }, children: ['WALL·E & EVE'] },
    { name: 'Duration', children: ['PT1H38M'] },
  ],
};
console.log(writeMetaData(metadata));

const { taskId } = await apubi.loadAsset({
  sourceAssetUrl: 'ftp://user:password@CIS:21/repository/movie.ts',
  destinationAsset: 'ftp://user:password@CDN:21/data/cdn/',
  metadata,
});
console.log(`publishing task ${taskId}`);
