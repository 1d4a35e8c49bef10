import { describe, expect, it } from 'vitest';
import { createLimiter } from '../src/http/limiter.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('limiter', () => {
  it('grants up to max slots at once, then one per release, in order', async () => {
    const limiter = createLimiter(2);
    const signal = new AbortController().signal;
    const granted: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++) {
      void limiter.acquire(signal).then((release) => {
        granted.push(i);
        releases.push(release);
      });
    }
    await tick();
    expect(granted).toEqual([0, 1]);
    releases[0]?.();
    await tick();
    expect(granted).toEqual([0, 1, 2]);
    releases[1]?.();
    releases[2]?.();
    await tick();
    expect(granted).toEqual([0, 1, 2, 3, 4]);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = createLimiter(1);
    const signal = new AbortController().signal;
    const first = await limiter.acquire(signal);
    const order: string[] = [];
    void limiter.acquire(signal).then(() => order.push('b'));
    void limiter.acquire(signal).then(() => order.push('c'));
    first();
    first();
    await tick();
    expect(order).toEqual(['b']);
  });

  it('rejects a waiter whose signal aborts, and gives its turn to the next', async () => {
    const limiter = createLimiter(1);
    const held = await limiter.acquire(new AbortController().signal);
    const aborted = new AbortController();
    const waiting = limiter.acquire(aborted.signal);
    const order: string[] = [];
    void limiter.acquire(new AbortController().signal).then(() => order.push('next'));
    aborted.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    await tick();
    expect(order).toEqual(['next']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = createLimiter(3);
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('already');
  });
});
