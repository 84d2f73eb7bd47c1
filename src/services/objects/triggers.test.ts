import { describe, expect, it } from 'vitest';
import { parseTriggers, runCommand, shellEscape } from './triggers.ts';

describe('triggers', () => {
  it("reads fdTabHook values, skipping disabled and malformed ones", () => {
    expect(parseTriggers(['user|postcreate|/usr/local/bin/new-user %uid%', 'user|premodify|#/disabled', 'posixAccount|PreRemove|rm -r %homeDirectory%', 'nonsense', 'user|sometimes|x'])).toEqual([
      { tab: 'user', mode: 'postcreate', command: '/usr/local/bin/new-user %uid%' },
      { tab: 'posixAccount', mode: 'preremove', command: 'rm -r %homeDirectory%' },
    ]);
  });

  it('quotes values so that the shell takes them literally', async () => {
    const hostile = `$(echo pwned) 'quoted' \`id\` ; echo second`;
    const result = await runCommand(`printf '%s' ${shellEscape(hostile)}`, 5000);
    expect(result.stdout).toBe(hostile);
  });

  it('kills a command that runs past its timeout', async () => {
    const started = Date.now();
    const result = await runCommand('sleep 10; echo done', 300);
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
