import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSessionKey } from './sessionKey.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'trousseau-key-'));

describe('session key', () => {
  it('generates a private key file once and reuses it', () => {
    const dir = path.join(tmp(), 'managed');
    const first = loadSessionKey({ dir, env: {} });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, 'session.key')).mode & 0o777).toBe(0o600);
    expect(loadSessionKey({ dir, env: {} }).equals(first)).toBe(true);
  });

  it('prefers the key given by the environment, and refuses a short one', () => {
    const dir = tmp();
    const file = path.join(dir, 'key');
    writeFileSync(file, 'k'.repeat(40) + '\n');
    expect(loadSessionKey({ dir, env: { TROUSSEAU_SESSION_KEY_FILE: file } }).toString()).toBe('k'.repeat(40));
    expect(loadSessionKey({ dir, env: { TROUSSEAU_SESSION_KEY: 'z'.repeat(32) } }).toString()).toBe('z'.repeat(32));
    expect(() => loadSessionKey({ dir, env: { TROUSSEAU_SESSION_KEY: 'short' } })).toThrow(/at least 32/);
    expect(() => loadSessionKey({ dir, env: { TROUSSEAU_SESSION_KEY_FILE: path.join(dir, 'missing') } })).toThrow(/does not exist/);
    expect(() => readFileSync(path.join(dir, 'session.key'))).toThrow();
  });
});
