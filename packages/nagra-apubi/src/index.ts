// Everything a caller needs from the core (errors, status model, waitForJob, ClientOptions,
// CallOptions…), so that one package is enough; this package's own names follow.
export * from '@jobwire/core';
export {
  createNagraApubiClient,
  type NagraApubiClient,
  type NagraApubiClientOptions,
  type NagraApubiConnection,
  type NagraApubiConnectionFields,
  type TaskStatusOptions,
} from './client.js';
export { mapApubiError } from './errors.js';
export type {
  GetTaskStatus,
  GetTaskStatusResponse,
  LoadAsset,
  LoadAssetResponse,
  MetaData,
  PurgeAsset,
  PurgeAssetResponse,
} from './generated/apubi/index.js';
export { wsdlXml } from './generated/apubi/wsdl.js';
export {
  type ApubiMetaData,
  type ApubiMetaDataElement,
  type ApubiMetaDataInput,
  type ApubiMetaDataNode,
  MAX_METADATA_DEPTH,
  metaDataText,
  parseMetaData,
  readMetaData,
  toMetaData,
  writeMetaData,
} from './metadata.js';
export {
  type ApubiAuthContext,
  type ApubiErrorContext,
  ApubiFault,
  type ApubiFaultOptions,
  type ApubiHandlers,
  type ApubiListenOptions,
  type ApubiParseLimits,
  type ApubiRequestContext,
  type ApubiServer,
  type ApubiServerOptions,
  createApubiServer,
  type GetTaskStatusReply,
  type LoadAssetRequest,
  type PurgeAssetRequest,
} from './server.js';
export type {
  ApubiClient,
  ApubiSoapCallOptions,
  ApubiSoapOperationDescription,
  ApubiSoapResult,
} from './soap-client.js';
export { apubiJobState, toJobStatus } from './status.js';
export type {
  ApubiFaultDetail,
  ApubiTaskKind,
  ApubiTaskRef,
  ApubiTaskStatus,
  ApubiTaskStatusResult,
  ApubiTaskStatusValue,
  LoadAssetInput,
  PurgeAssetInput,
} from './types.js';
