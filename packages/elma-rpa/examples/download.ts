import { saveTaskFile } from '@jobwire/elma-rpa/node';
import { elma } from './connect.js';

// Streams the file to disk chunk by chunk: a large file never sits in memory whole.
const file = await elma.downloadTaskFile(process.env.ELMA_TASK_ID ?? '955', 'profile.txt');
const bytes = await saveTaskFile(file, process.env.ELMA_DOWNLOAD_TO ?? 'profile.txt');
console.log(`saved ${file.fileName}: ${bytes} bytes (${file.contentType ?? 'unknown type'})`);
