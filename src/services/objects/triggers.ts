// Triggers (fd-core.md §2.9): commands from the configuration's fdTabHook run around a tab's create, modify and
// remove, expanded with the template mask syntax where every substituted value is shell-escaped, under a timeout.
import { spawn } from 'node:child_process';
import { AppError } from '../../errors/AppError.ts';
import { expandMaskValue } from '../../model/templates/mask.ts';

export type TriggerMode = 'postcreate' | 'postremove' | 'postmodify' | 'precreate' | 'preremove' | 'premodify' | 'check' | 'prelock' | 'postlock' | 'preunlock' | 'postunlock';
const MODES: readonly string[] = ['postcreate', 'postremove', 'postmodify', 'precreate', 'preremove', 'premodify', 'check', 'prelock', 'postlock', 'preunlock', 'postunlock'];

export interface Trigger {
  tab: string;
  mode: TriggerMode;
  command: string;
}

/** Parse `fdTabHook` values `<TabClass>|<mode>|<command>`; disabled ones (`#…`) and malformed ones are skipped. */
export function parseTriggers(values: readonly string[]): Trigger[] {
  const triggers: Trigger[] = [];
  for (const value of values) {
    const first = value.indexOf('|');
    const second = value.indexOf('|', first + 1);
    if (first < 0 || second < 0) continue;
    const mode = value.slice(first + 1, second).toLowerCase();
    const command = value.slice(second + 1);
    if (!MODES.includes(mode) || command.trim() === '' || command.trimStart().startsWith('#')) continue;
    triggers.push({ tab: value.slice(0, first), mode: mode as TriggerMode, command });
  }
  return triggers;
}

/** POSIX shell single-quoting: the value can never break out of its argument. */
export function shellEscape(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface TriggerResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Run one command line through /bin/sh, killing it (and its children) after `timeoutMs`. */
export function runCommand(command: string, timeoutMs: number): Promise<TriggerResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export interface TriggerContext {
  /** Attribute values of every tab of the object, plus dn, base, location, caller… */
  variables: Record<string, string[]>;
  timeoutMs?: number;
  /** Where post-trigger failures go (they cannot undo the write). */
  warn?: (message: string) => void;
}

/**
 * Run the triggers of a mode for the given tabs. A failing pre or check trigger throws an AppError (the operation
 * is abandoned); a check trigger's output is also an error, as in FusionDirectory; post triggers only warn.
 */
export async function runTriggers(triggers: readonly Trigger[], mode: TriggerMode, tabs: readonly string[], context: TriggerContext): Promise<void> {
  const wanted = new Set(tabs.map((t) => t.toLowerCase()));
  for (const trigger of triggers) {
    if (trigger.mode !== mode || !wanted.has(trigger.tab.toLowerCase())) continue;
    const command = expandMaskValue(trigger.command, context.variables, { escape: shellEscape });
    const result = await runCommand(command, context.timeoutMs ?? 30_000);
    const failed = result.timedOut || result.code !== 0;
    const hook = mode.toUpperCase();
    const what = result.timedOut ? `did not finish within ${(context.timeoutMs ?? 30_000) / 1000} s` : `exited with ${result.code}`;
    if (mode.startsWith('post')) {
      if (failed) context.warn?.(`Trigger ${hook} of tab ${trigger.tab} ${what}: ${result.stderr.trim() || result.stdout.trim()}`);
      continue;
    }
    if (failed || (mode === 'check' && result.stdout.trim() !== '')) {
      const output = (result.stderr.trim() || result.stdout.trim()).slice(0, 2000);
      throw new AppError({
        code: 'value.invalid',
        message: failed ? `The ${hook} trigger of tab "${trigger.tab}" ${what}${output ? `: ${output}` : ''}` : output,
        tab: trigger.tab,
        details: { hookType: hook, hookCode: result.code },
      });
    }
  }
}
