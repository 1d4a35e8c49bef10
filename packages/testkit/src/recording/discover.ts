// Where recordings join a vendor's conformance suite: `specs/<vendor>/samples/recorded/<name>/`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORDING_INDEX } from './format.js';

/**
 * The recording folders of a vendor's samples: every `recorded/<name>/` under `samplesDir` that
 * holds an `index.json`, sorted by name (code point order). Other entries are left alone; no
 * `recorded/` folder gives `[]`.
 *
 * @param samplesDir - `specs/<vendor>/samples/` (a path or a `file:` URL).
 * @returns Absolute paths of the recording folders, for `readRecording`.
 *
 * @example
 * ```ts
 * for (const dir of findRecordings('specs/alteryx-server/samples')) {
 *   const recording = await readRecording(dir);
 * }
 * ```
 */
export function findRecordings(samplesDir: string | URL): string[] {
  const recorded = join(resolve(typeof samplesDir === 'string' ? samplesDir : fileURLToPath(samplesDir)), 'recorded');
  if (!existsSync(recorded)) return [];
  return readdirSync(recorded, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isFile(join(recorded, entry.name, RECORDING_INDEX)))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(recorded, name));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
