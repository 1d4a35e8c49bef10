import { orchestrator } from './connect.js';

const inputs = await orchestrator.getWorkflowInputs(process.env.ASPERA_WORKFLOW_ID ?? '256');
for (const p of inputs.parameters) console.log(`${p.name} (${p.valueType}${p.optional ? ', optional' : ''})`);
