import { orchestrator } from './connect.js';

// A `hash` output is an object, whether the server sent JSON or a Ruby hash literal in XML.
const table = await orchestrator.getStepOutput(process.env.ASPERA_STEP_ID ?? '252158', 'IndexedTable');
console.log(table.value);

// `.txt` returns the bare value.
console.log(await orchestrator.getStepOutputText('46756', 'package_id'));
