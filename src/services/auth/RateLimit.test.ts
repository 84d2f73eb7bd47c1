import { describe, expect, it } from 'vitest';
import { RateLimit } from './RateLimit.ts';

describe('RateLimit', () => {
  it('allows the limit within the window, then refuses until the oldest event leaves it', () => {
    let now = 0;
    const limit = new RateLimit({ limit: 3, windowMs: 1000, now: () => now });
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, true]);
    expect(limit.take('a')).toBe(false);
    expect(limit.take('b')).toBe(true);
    now = 999;
    expect(limit.allows('a')).toBe(false);
    now = 1001;
    expect(limit.allows('a')).toBe(true);
  });

  it('keeps refusing a client that keeps trying', () => {
    let now = 0;
    const limit = new RateLimit({ limit: 2, windowMs: 1000, now: () => now });
    limit.take('ip');
    limit.take('ip');
    for (let i = 0; i < 5; i++) {
      now += 400;
      expect(limit.take('ip')).toBe(false);
    }
  });

  it('forgets the least recently used keys beyond its bound', () => {
    const limit = new RateLimit({ limit: 1, maxKeys: 2 });
    limit.take('a');
    limit.take('b');
    limit.take('c');
    expect(limit.size).toBe(2);
    expect(limit.allows('a')).toBe(true);
    expect(limit.allows('c')).toBe(false);
  });
});
