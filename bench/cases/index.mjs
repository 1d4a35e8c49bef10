// The vendors the benchmarks know about: every case file in this folder (one per vendor, named after
// it), found rather than listed, so a new vendor is one new file and no edit here.
// A case whose package has not been built yet is skipped (and reported as such), never an error.
import { existsSync, readdirSync } from 'node:fs';
import { distEntry } from '../lib/common.mjs';

/**
 * @typedef {object} BenchCase
 * @property {string} vendor            VendorId, also the simulator name
 * @property {string} pkg               directory under packages/
 * @property {'rest' | 'soap'} protocol
 * @property {string} factory           the create…Client export
 * @property {object} overhead          sample server + client call + the hand-written baseline request
 * @property {object} [size]            browser bundle entry (REST) — SOAP reports a Node bundle
 * @property {object} [waiters]         how a request names its job (`jobIdOf`); the definition does the rest
 */

const caseFiles = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.mjs') && file !== 'index.mjs')
  .sort();

/** @type {BenchCase[]} */
export const allCases = await Promise.all(caseFiles.map(async (file) => (await import(`./${file}`)).default));

/** Cases whose package is built, filtered by `--vendor a,b`. */
export function selectCases(args) {
  const wanted = args?.values?.vendor?.split(',');
  return allCases.filter((c) => (!wanted || wanted.includes(c.vendor)) && existsSync(distEntry(c.pkg)));
}

export function skippedCases(args) {
  const wanted = args?.values?.vendor?.split(',');
  return allCases.filter((c) => (!wanted || wanted.includes(c.vendor)) && !existsSync(distEntry(c.pkg))).map((c) => c.vendor);
}
