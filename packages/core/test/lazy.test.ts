import { describe, expect, it } from 'vitest';
import { lazyModule } from '../src/internal.js';

describe('lazyModule', () => {
  it('imports once, on the first call, and exposes the module once loaded', async () => {
    let imports = 0;
    const load = lazyModule(async () => {
      imports++;
      return { n: 1 };
    });
    expect(imports).toBe(0);
    expect(load.loaded()).toBeUndefined();
    const first = load();
    expect(load()).toBe(first);
    expect(await first).toEqual({ n: 1 });
    expect(load.loaded()).toBe(await first);
    expect(imports).toBe(1);
  });

  it('tries again after a failed import', async () => {
    let attempt = 0;
    const load = lazyModule(async () => {
      attempt++;
      if (attempt === 1) throw new Error('offline');
      return 'ok';
    });
    await expect(load()).rejects.toThrow('offline');
    expect(load.loaded()).toBeUndefined();
    expect(await load()).toBe('ok');
  });
});
