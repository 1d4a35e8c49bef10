import { alteryxServerHandlers } from './msw/alteryx-server.js';
import { asperaOrchestratorHandlers } from './msw/aspera-orchestrator.js';
import { elmaRpaHandlers } from './msw/elma-rpa.js';
import { nagraApubiHandlers } from './msw/nagra-apubi.js';
import { trueSightHandlers } from './msw/truesight-orchestration.js';

export { CONTRACT_CASES, type ContractCaseName, type ContractOptions, type ErrorClass } from './contract/options.js';
export { runVendorContract } from './contract/run-vendor-contract.js';
export {
  type AlteryxServerHandlerOptions,
  alteryxServerCredentials,
  alteryxServerHandlers,
  alteryxServerJobIds,
  alteryxServerSamples,
} from './msw/alteryx-server.js';
export {
  type AsperaOrchestratorHandlerOptions,
  asperaOrchestratorCredentials,
  asperaOrchestratorHandlers,
  asperaOrchestratorIds,
  asperaOrchestratorSamples,
  asperaOrchestratorTextSamples,
} from './msw/aspera-orchestrator.js';
export {
  type ElmaRpaHandlerOptions,
  elmaRpaCredentials,
  elmaRpaHandlers,
  elmaRpaSamples,
  elmaRpaTaskIds,
} from './msw/elma-rpa.js';
export {
  type NagraApubiHandlerOptions,
  nagraApubiHandlers,
  nagraApubiSampleFiles,
  nagraApubiSamples,
  nagraApubiTaskIds,
} from './msw/nagra-apubi.js';
export {
  type TrueSightHandlerOptions,
  trueSightCredentials,
  trueSightHandlers,
  trueSightJobIds,
  trueSightSamples,
  trueSightToken,
} from './msw/truesight-orchestration.js';
export { type PrismOptions, type RunningPrism, startPrism } from './prism.js';
export { findRecordings } from './recording/discover.js';
export {
  type CapturedExchange,
  MAX_RECORDED_BODY_BYTES,
  RECORDING_FORMAT,
  RECORDING_INDEX,
  type RecordedProbe,
  type Recording,
  type RecordingEntry,
  type RecordingIndex,
} from './recording/format.js';
export { type RecordingHandlerOptions, recordingHandlers } from './recording/msw.js';
export { readRecording } from './recording/read.js';
export { replayFetch } from './recording/replay.js';
export { type RecordingProvenance, type WriteRecordingOptions, writeRecording } from './recording/write.js';
export {
  activeResources,
  countingSource,
  ENTITY_MARKER,
  findSecretLeaks,
  HOSTILE_BODY_KINDS,
  type HostileBodyKind,
  hostileBody,
  hostileXmlDocuments,
  leakedResources,
  pausedClock,
  type RecordedRequest,
  type Recorder,
  type RecorderReply,
  recordingLogger,
  startRecorder,
  valueOrJobwireError,
} from './reliability.js';
export {
  runSampleCases,
  type SampleCaseExpected,
  type SampleCaseMeta,
  type SampleCaseRequest,
  type SampleCasesOptions,
} from './sample-cases.js';
export {
  rejection,
  rejectsWith,
  replyJson,
  replyNever,
  replyText,
  type ScriptedReply,
  type ScriptedRequest,
  ScriptedServer,
} from './scripted-server.js';
export {
  type AlteryxSimulatorOptions,
  type AsperaOrchestratorSimulatorOptions,
  type ChaosOptions,
  type ElmaRpaSimulatorOptions,
  type LifecycleOptions,
  type SimOutcome,
  type SimulatedVendor,
  type Simulator,
  type SimulatorCredentials,
  type SimulatorOptions,
  simulatedVendors,
  startAlteryxSimulator,
  startAsperaOrchestratorSimulator,
  startElmaRpaSimulator,
  startNagraApubiSimulator,
  startSimulator,
  startTrueSightSimulator,
  type TrueSightSimulatorOptions,
} from './simulators.js';
export {
  createSpecValidator,
  type OpenApiDocument,
  type ResponseCheck,
  type ResponseToCheck,
} from './spec-validator.js';
export { type SteppedSession, type SteppedSessionOptions, startSteppedSession } from './stepped-session.js';
export { createWsdlValidator, type WsdlValidator } from './wsdl-validator.js';

/** msw handlers per vendor, serving the documented samples: `setupServer(...handlers.alteryxServer())`. */
export const handlers = {
  alteryxServer: alteryxServerHandlers,
  asperaOrchestrator: asperaOrchestratorHandlers,
  elmaRpa: elmaRpaHandlers,
  truesightOrchestration: trueSightHandlers,
  nagraApubi: nagraApubiHandlers,
} as const;
