// The Aspera Orchestrator samples that are not JSON (XML and plain text), read from their files in
// specs/aspera-orchestrator/samples/ (outside this package): the build inlines their text into the
// testkit's dist (tsup.config.ts: the `text` loader for .xml/.txt), as it inlines JSON, and the tests
// read them through the root vitest.config.ts plugin. Nothing here is retyped, so nothing can drift.

import errorNotFoundText from '../../../../specs/aspera-orchestrator/samples/error-not-found.txt';
import errorUnauthorizedText from '../../../../specs/aspera-orchestrator/samples/error-unauthorized.txt';
import stepOutputHashXml from '../../../../specs/aspera-orchestrator/samples/step-output-hash.xml';
import stepOutputText from '../../../../specs/aspera-orchestrator/samples/step-output-text.txt';
import workOrderOutputXml from '../../../../specs/aspera-orchestrator/samples/work-order-output.xml';
import workOrderStatusFixtureXml from '../../../../specs/aspera-orchestrator/samples/work-order-status.fixture.xml';
import workOrderStatusXml from '../../../../specs/aspera-orchestrator/samples/work-order-status.xml';
import workStepCancelXml from '../../../../specs/aspera-orchestrator/samples/work-step-cancel.xml';
import workStepStatusFixtureXml from '../../../../specs/aspera-orchestrator/samples/work-step-status.fixture.xml';
import workStepStatusXml from '../../../../specs/aspera-orchestrator/samples/work-step-status.xml';
import workStepStatusOnlyText from '../../../../specs/aspera-orchestrator/samples/work-step-status-only.txt';
import workflowDetailsJsonText from '../../../../specs/aspera-orchestrator/samples/workflow-details.json.txt';
import workflowDetailsXml from '../../../../specs/aspera-orchestrator/samples/workflow-details.xml';
import workflowInputsSpecXml from '../../../../specs/aspera-orchestrator/samples/workflow-inputs-spec.xml';
import workflowInputsSpecEmptyJsonText from '../../../../specs/aspera-orchestrator/samples/workflow-inputs-spec-empty.json.txt';
import workflowOutputsSpecFixtureXml from '../../../../specs/aspera-orchestrator/samples/workflow-outputs-spec.fixture.xml';
import workflowOutputsSpecXml from '../../../../specs/aspera-orchestrator/samples/workflow-outputs-spec.xml';
import workStepResetFixtureXml from '../../../../specs/aspera-orchestrator/samples/workstep-reset.fixture.xml';
import workStepResetJsonText from '../../../../specs/aspera-orchestrator/samples/workstep-reset.json.txt';
import workStepResetXml from '../../../../specs/aspera-orchestrator/samples/workstep-reset.xml';

/**
 * The Aspera Orchestrator samples that are not JSON (XML and plain text), as strings: each is its
 * file in specs/aspera-orchestrator/samples/, byte for byte (inlined into the build).
 */
export const asperaOrchestratorTextSamples = {
  /** samples/work-step-status.xml (documented, verbatim). */
  workStepStatusXml,
  /** samples/work-step-status.fixture.xml (faithful fixture: package_post_url as the JSON sample has it). */
  workStepStatusFixtureXml,
  /** samples/work-step-status-only.txt (documented, verbatim). */
  workStepStatusOnlyText,
  /** samples/step-output-text.txt (documented, verbatim). */
  stepOutputText,
  /** samples/step-output-hash.xml (documented, verbatim). */
  stepOutputHashXml,
  /** samples/work-order-status.xml (documented 3.0.1, verbatim: cut short by the page). */
  workOrderStatusXml,
  /** samples/work-order-status.fixture.xml (faithful fixture of work-order-status.xml, completed). */
  workOrderStatusFixtureXml,
  /** samples/work-step-cancel.xml (documented 3.0.3, verbatim). */
  workStepCancelXml,
  /** samples/workstep-reset.xml (documented 3.0.2, verbatim: cut short with dots). */
  workStepResetXml,
  /** samples/workstep-reset.fixture.xml (faithful fixture of workstep-reset.xml). */
  workStepResetFixtureXml,
  /** samples/workstep-reset.json.txt (documented 3.0.2 JSON, verbatim: cut short). */
  workStepResetJsonText,
  /** samples/workflow-details.xml (documented 3.0.1/4.1.0, verbatim). */
  workflowDetailsXml,
  /** samples/workflow-details.json.txt (documented 3.0.1 JSON, verbatim: cut short). */
  workflowDetailsJsonText,
  /** samples/workflow-inputs-spec.xml (documented 3.0.1, verbatim). */
  workflowInputsSpecXml,
  /** samples/workflow-inputs-spec-empty.json.txt (documented 3.0.1 JSON, verbatim: cut short). */
  workflowInputsSpecEmptyJsonText,
  /** samples/workflow-outputs-spec.xml (documented 3.0.1, verbatim: wrong closing tag). */
  workflowOutputsSpecXml,
  /** samples/workflow-outputs-spec.fixture.xml (faithful fixture: closing tag corrected). */
  workflowOutputsSpecFixtureXml,
  /** samples/work-order-output.xml (undocumented fixture). */
  workOrderOutputXml,
  /** samples/error-not-found.txt (undocumented fixture). */
  errorNotFoundText,
  /** samples/error-unauthorized.txt (undocumented fixture). */
  errorUnauthorizedText,
} as const;
