/*
 * The precise types of the APUBI operations. The generated types (src/generated/apubi) make every
 * field optional and `Status` a plain string; these say what the documentation says.
 */

/** The documented `StatusType` values. */
export type ApubiTaskStatus = 'SUCCESS' | 'FAILED' | 'IN_PROGRESS';

/**
 * A status as a server sent it (trimmed): one of the documented values, or — from a server that
 * strays from the interface — any other string, which maps to the `unknown` state.
 */
export type ApubiTaskStatusValue = ApubiTaskStatus | (string & {});

/** Which operation created a task: it decides whether `DestinationAsset` is required on SUCCESS. */
export type ApubiTaskKind = 'load' | 'purge';

import type { ApubiMetaDataInput } from './metadata.js';

/** LoadAsset: publish a file or a directory to the destination. */
export interface LoadAssetInput {
  /** Where the publisher fetches the asset, e.g. `ftp://user:password@CIS:21/repository/movie.ts`. */
  sourceAssetUrl: string;
  /** The expected destination (URI or id); the server may publish elsewhere and say so in GetTaskStatus. */
  destinationAsset: string;
  /**
   * The asset's metadata (NAGRA's `MetaDataType`, whose definition is not public): plain text, or
   * structured content — text and elements in order, with attributes (`ApubiMetaData`). Sent
   * exactly: white space, characters that need escaping, non-ASCII.
   */
  metadata: ApubiMetaDataInput;
}

/** PurgeAsset: delete a published asset. */
export interface PurgeAssetInput {
  /** The destination URI or CDN id of the asset, as GetTaskStatus reported it. */
  destinationAsset: string;
  /** The asset's metadata, as for LoadAsset (text or structured); omitted when not given. */
  metadata?: ApubiMetaDataInput;
}

/** The answer to LoadAsset and PurgeAsset: the publisher's id for the new task. */
export interface ApubiTaskRef {
  /** The task id the publishing server returned. */
  taskId: string;
}

/** GetTaskStatus, decoded and trimmed. */
export interface ApubiTaskStatusResult {
  /** The id that was asked about. */
  taskId: string;
  /** The task's status, as the server wrote it. */
  status: ApubiTaskStatusValue;
  /** Where the asset was published (required on SUCCESS of a LoadAsset task); absent when not sent or empty. */
  destinationAsset?: string;
  /** The task kind when the client knows it (it created the task, or the caller said). */
  kind?: ApubiTaskKind;
  /**
   * SUCCESS without `DestinationAsset` for a task that is (or may be) a LoadAsset task: the
   * interface says the server must send it. Always false for PurgeAsset tasks.
   */
  missingDestinationAsset: boolean;
}

/** The `ExceptionWS` detail of an APUBI fault. */
export interface ApubiFaultDetail {
  /** The fault detail's message. */
  message?: string;
}
