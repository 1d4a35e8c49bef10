// The samples of specs/nagra-apubi/samples/ (outside this package), read from their files: the build
// inlines their text into the testkit's dist (tsup.config.ts: the `text` loader for .xml), so the
// published testkit needs no file access, and the tests read them through the root vitest.config.ts
// plugin. Nothing here is retyped, so nothing can drift.

import failed from '../../../../specs/nagra-apubi/samples/get-task-status.failed.xml';
import faultVerbatim from '../../../../specs/nagra-apubi/samples/get-task-status.fault.verbatim.xml';
import fault from '../../../../specs/nagra-apubi/samples/get-task-status.fault.xml';
import inProgressVerbatim from '../../../../specs/nagra-apubi/samples/get-task-status.in-progress.verbatim.xml';
import inProgress from '../../../../specs/nagra-apubi/samples/get-task-status.in-progress.xml';
import getTaskStatusRequest from '../../../../specs/nagra-apubi/samples/get-task-status.request.xml';
import successVerbatim from '../../../../specs/nagra-apubi/samples/get-task-status.success.verbatim.xml';
import success from '../../../../specs/nagra-apubi/samples/get-task-status.success.xml';
import successWithDestination from '../../../../specs/nagra-apubi/samples/get-task-status.success-destination.xml';
import loadAssetRequest from '../../../../specs/nagra-apubi/samples/load-asset.request.xml';
import loadAssetResponse from '../../../../specs/nagra-apubi/samples/load-asset.response.xml';
import purgeAssetRequest from '../../../../specs/nagra-apubi/samples/purge-asset.request.xml';
import purgeAssetResponse from '../../../../specs/nagra-apubi/samples/purge-asset.response.xml';

/** File name in specs/nagra-apubi/samples/ of each sample. */
export const nagraApubiSampleFiles = {
  getTaskStatusRequest: 'get-task-status.request.xml',
  inProgressVerbatim: 'get-task-status.in-progress.verbatim.xml',
  inProgress: 'get-task-status.in-progress.xml',
  successVerbatim: 'get-task-status.success.verbatim.xml',
  success: 'get-task-status.success.xml',
  faultVerbatim: 'get-task-status.fault.verbatim.xml',
  fault: 'get-task-status.fault.xml',
  successWithDestination: 'get-task-status.success-destination.xml',
  failed: 'get-task-status.failed.xml',
  loadAssetRequest: 'load-asset.request.xml',
  loadAssetResponse: 'load-asset.response.xml',
  purgeAssetRequest: 'purge-asset.request.xml',
  purgeAssetResponse: 'purge-asset.response.xml',
} as const;

/** The documented APUBI samples (verbatim and faithful fixtures) and the FACTS fixtures, as strings. */
export const nagraApubiSamples: Record<keyof typeof nagraApubiSampleFiles, string> = {
  getTaskStatusRequest,
  inProgressVerbatim,
  inProgress,
  successVerbatim,
  success,
  faultVerbatim,
  fault,
  successWithDestination,
  failed,
  loadAssetRequest,
  loadAssetResponse,
  purgeAssetRequest,
  purgeAssetResponse,
};
