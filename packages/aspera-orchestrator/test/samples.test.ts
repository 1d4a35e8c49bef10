/**
 * The samples cannot drift: the inline examples of the spec marked `x-sample-text-file` equal the files in
 * specs/aspera-orchestrator/samples/ byte for byte. (JSON examples are checked by tools/lint-specs.mjs.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const specDir = new URL('../../../specs/aspera-orchestrator/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, specDir), 'utf8');

function* textExamples(node: unknown): Generator<{ file: string; value: unknown }> {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record['x-sample-text-file'] === 'string') yield { file: record['x-sample-text-file'], value: record.value };
  for (const child of Object.values(record)) yield* textExamples(child);
}

describe('samples', () => {
  const spec = parse(read('openapi.yaml')) as unknown;
  const examples = [...textExamples(spec)];

  it('the spec inlines every XML/text sample it names, unchanged', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const { file, value } of examples) expect(value, file).toBe(read(file));
  });

  it('every file in samples/ is used by the spec (x-sample-file or x-sample-text-file)', () => {
    const text = read('openapi.yaml');
    const files = readdirSync(new URL('samples/', specDir)).filter((f) => f !== 'README.md' && f !== 'recorded'); // recorded/: runs, replayed by the CLI's conformance.recorded
    for (const file of files) expect(text, file).toContain(`samples/${file}`);
  });

  it('each faithful fixture differs from its verbatim page only where the page is cut or malformed', () => {
    const cutAt = (verbatim: string, tail: string) => verbatim.slice(0, verbatim.length - tail.length);
    const order = read('samples/work-order-status.xml');
    expect(read('samples/work-order-status.fixture.xml').startsWith(cutAt(order, 'fa\n'))).toBe(true);
    const reset = read('samples/workstep-reset.xml');
    expect(read('samples/workstep-reset.fixture.xml').startsWith(cutAt(reset, '\n    .  .  .\n'))).toBe(true);
    expect(read('samples/workflow-outputs-spec.fixture.xml')).toBe(
      read('samples/workflow-outputs-spec.xml').replace('</work_order_outputs_spec>', '</workflow_outputs_spec>'),
    );
    const details = read('samples/workflow-details.json.txt');
    expect(
      read('samples/workflow-details.fixture.json').startsWith(
        cutAt(details, ',\n            {  \n               "count":"1"\n'),
      ),
    ).toBe(true);
  });

  it('the verbatim documented XML differs from its fixture only in the value the excerpt cut', () => {
    const verbatim = read('samples/work-step-status.xml');
    const fixture = read('samples/work-step-status.fixture.xml');
    expect(fixture.replace('90ce20d7-17c3-4672]]>', '90ce20d7]]>')).toBe(verbatim);
  });
});
