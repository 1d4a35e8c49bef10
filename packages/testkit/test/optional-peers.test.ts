/**
 * msw and vitest are optional peers: the CLI loads the testkit (for its validators) without them.
 * So no module of the testkit imports either at load time — only types, and msw and vitest loaded
 * on first use (`msw/msw-runtime.ts`, `runVendorContract`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMsw } from '../src/msw/msw-runtime.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

describe('optional peers', () => {
  it('no source module imports msw or vitest at load time (type imports only)', () => {
    expect(files.length).toBeGreaterThan(10);
    const loads: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(msw|vitest)(?:\/[^']*)?'/gm)) {
        loads.push(`${file}: ${match[0]}`);
      }
    }
    expect(loads).toEqual([]);
  });

  it('loads msw on first use, once', () => {
    const msw = loadMsw();
    expect(typeof msw.http.get).toBe('function');
    expect(loadMsw()).toBe(msw);
  });
});
