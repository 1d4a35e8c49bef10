import { elma } from './connect.js';

// A process's token names it across versions; its version uuid names one version.
const found = await elma.findProcess(process.env.ELMA_PROCESS ?? 'c39f99de-cb8f-4661-a206-b282a4830cbf');
console.log(`${found.name} v${found.version}, uploaded ${found.uploaded} by ${found.fullname}`);

// What a task's input context may set, and what its output context will carry.
const { inputs, outputs } = await elma.getProcessContext(found.uuid ?? '');
for (const v of inputs) console.log(`in  ${v.name}: ${v.type}${v.isArray ? '[]' : ''} (${v.caption ?? ''})`);
for (const v of outputs) console.log(`out ${v.name}: ${v.type}${v.isArray ? '[]' : ''}`);
