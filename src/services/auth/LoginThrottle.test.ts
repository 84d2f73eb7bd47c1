import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './LoginThrottle.ts';

function throttle(options: ConstructorParameters<typeof LoginThrottle>[0] = {}) {
  let now = 0;
  const waits: number[] = [];
  const t = new LoginThrottle({ now: () => now, sleep: async (ms) => void waits.push(ms), ...options });
  return { t, waits, advance: (ms: number) => (now += ms) };
}

describe('login throttle', () => {
  it('lets the first failures through, then doubles the delay up to the ceiling', () => {
    const { t } = throttle();
    const keys = LoginThrottle.keysOf('default', 'jdoe', '192.0.2.1');
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      delays.push(t.delayFor(keys));
      t.failed(keys);
    }
    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 5000]);
  });

  it('counts per login and per address: another login from the same address waits too', async () => {
    const { t, waits } = throttle({ freeAttempts: 1 });
    t.failed(LoginThrottle.keysOf('default', 'jdoe', '192.0.2.1'));
    t.failed(LoginThrottle.keysOf('default', 'jdoe', '192.0.2.1'));
    await t.wait(LoginThrottle.keysOf('default', 'other', '192.0.2.1'));
    await t.wait(LoginThrottle.keysOf('default', 'JDOE', '198.51.100.7'));
    await t.wait(LoginThrottle.keysOf('default', 'other', '198.51.100.7'));
    expect(waits).toEqual([500, 500]);
  });

  it('forgets a login after a success and every key after the window', () => {
    const { t, advance } = throttle({ freeAttempts: 0, windowMs: 1000 });
    const keys = LoginThrottle.keysOf('default', 'jdoe', '192.0.2.1');
    t.failed(keys);
    t.succeeded(keys);
    expect(t.delayFor([keys[0]!])).toBe(0);
    expect(t.delayFor([keys[1]!])).toBe(250);
    advance(1001);
    expect(t.delayFor(keys)).toBe(0);
  });

  it('remembers a bounded number of keys', () => {
    const { t } = throttle({ maxKeys: 3 });
    for (let i = 0; i < 10; i++) t.failed([`ip:10.0.0.${i}`]);
    expect(t.size).toBe(3);
  });
});
