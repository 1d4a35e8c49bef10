import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, sleep } from '../src/internal.js';

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay and removes its abort listener', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let done = false;
    void sleep(1000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('rejects with the reason and clears its timer on abort', async () => {
    const controller = new AbortController();
    const promise = sleep(10_000, controller.signal);
    controller.abort('why');
    await expect(promise).rejects.toBe('why');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clamps a huge delay instead of firing at once', async () => {
    let done = false;
    void sleep(2 ** 40).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    vi.clearAllTimers();
  });
});

describe('backoffDelay', () => {
  it('uses equal jitter in [d/2, d] with d = min(cap, base·2^n)', () => {
    expect(backoffDelay(0, 500, 8000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 8000, () => 1)).toBe(500);
    expect(backoffDelay(1, 500, 8000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 500, 8000, () => 1)).toBe(8000);
    expect(backoffDelay(10, 500, 8000, () => 0)).toBe(4000);
  });
});
