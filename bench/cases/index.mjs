// The vendors the benchmarks know about. Adding a vendor = adding its case file and one line here.
// A case whose package has not been built yet is skipped (and reported as such), never an error.
import { existsSync } from 'node:fs';
import { distEntry } from '../lib/common.mjs';
import alteryxServer from './alteryx-server.mjs';
import asperaOrchestrator from './aspera-orchestrator.mjs';
import elmaRpa from './elma-rpa.mjs';
import nagraApubi from './nagra-apubi.mjs';
import truesightOrchestration from './truesight-orchestration.mjs';

/**
 * @typedef {object} BenchCase
 * @property {string} vendor            VendorId, also the simulator name
 * @property {string} pkg               directory under packages/
 * @property {'rest' | 'soap'} protocol
 * @property {string} factory           the create…Client export
 * @property {object} overhead          sample server + client call + the hand-written baseline request
 * @property {object} [size]            browser bundle entry (REST) — SOAP reports a Node bundle
 * @property {object} [waiters]         simulator connection + how to create a job
 */

/** @type {BenchCase[]} */
export const allCases = [alteryxServer, asperaOrchestrator, truesightOrchestration, elmaRpa, nagraApubi];

/** Cases whose package is built, filtered by `--vendor a,b`. */
export function selectCases(args) {
  const wanted = args?.values?.vendor?.split(',');
  return allCases.filter((c) => (!wanted || wanted.includes(c.vendor)) && existsSync(distEntry(c.pkg)));
}

export function skippedCases(args) {
  const wanted = args?.values?.vendor?.split(',');
  return allCases.filter((c) => (!wanted || wanted.includes(c.vendor)) && !existsSync(distEntry(c.pkg))).map((c) => c.vendor);
}
