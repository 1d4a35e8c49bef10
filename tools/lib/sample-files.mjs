// Convention (the samples' README in each specs/<vendor>/samples/): an OpenAPI Example Object that reproduces a
// documented sample says which file it came from,
//
//     examples:
//       completed:
//         x-sample-file: samples/job-completed.json
//         value: { ... }
//
// and its `value` must deep-equal that file's JSON (or, for a `.txt` sample, its text), so the spec, the msw handlers and the
// conformance tests cannot drift apart from the documented samples.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

/** JSON-pointer-ish location of the first difference between a and b, or null. */
function firstDifference(a, b, at = '') {
  if (isDeepStrictEqual(a, b)) return null;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return { at: at || '/', spec: a, sample: b };
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const here = `${at}/${key}`;
    if (!(key in a)) return { at: here, spec: undefined, sample: b[key] };
    if (!(key in b)) return { at: here, spec: a[key], sample: undefined };
    const diff = firstDifference(a[key], b[key], here);
    if (diff) return diff;
  }
  return { at: at || '/', spec: a, sample: b };
}

const show = (v) => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/** Every object in `node` with an `x-sample-file` key, with its location in the document. */
function* sampleRefs(node, at = '#') {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node) && 'x-sample-file' in node) yield { at, example: node };
  for (const [key, child] of Object.entries(node)) {
    yield* sampleRefs(child, `${at}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}

/**
 * @returns {Promise<{ checked: number, errors: string[] }>}
 */
export async function checkSampleFiles(specPath) {
  const specDir = path.dirname(specPath);
  // YAML 1.2 core schema (the `yaml` default): timestamps stay strings, as JSON has them.
  const doc = YAML.parse(await readFile(specPath, 'utf8'));
  const errors = [];
  let checked = 0;
  for (const { at, example } of sampleRefs(doc)) {
    const ref = example['x-sample-file'];
    const where = `${at}: x-sample-file ${JSON.stringify(ref)}`;
    const file = typeof ref === 'string' ? path.resolve(specDir, ref) : '';
    if (typeof ref !== 'string' || !ref.startsWith('samples/') || !file.startsWith(path.join(specDir, 'samples') + path.sep)) {
      errors.push(`${where}: must be a path under samples/`);
      continue;
    }
    if (!existsSync(file)) {
      errors.push(`${where}: file does not exist`);
      continue;
    }
    if (!('value' in example)) {
      errors.push(`${where}: the example has no inline \`value\` to compare with the sample`);
      continue;
    }
    let sample;
    try {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      // A `.txt` sample is a text body (e.g. a plain-text error): its example value is that text,
      // without the file's final newline.
      sample = file.endsWith('.txt') ? text.replace(/\r?\n$/, '') : JSON.parse(text);
    } catch (error) {
      errors.push(`${where}: not valid JSON (${error.message}); point x-sample-file at the well-formed fixture`);
      continue;
    }
    checked++;
    const diff = firstDifference(example.value, sample);
    if (diff) {
      errors.push(
        `${where}: example value differs from the sample at ${diff.at}: spec has ${show(diff.spec)}, sample has ${show(diff.sample)}`,
      );
    }
  }
  return { checked, errors };
}
