// The dashboard's URL state and the files widget's wire form.
import { describe, expect, it } from 'vitest';
import { dashboardPath, filtersOf, isPending } from './dashboard.ts';
import { filesToWire, isFilesUnchanged } from '../editor/widgets/FilesWidget.tsx';
import type { DashboardAnswer } from './contract.ts';

const answer = (scheduled: number, running: number) => ({ counts: { total: 9, scheduled, running, completed: 9 - scheduled - running, failed: 0, byType: {} } }) as unknown as DashboardAnswer;

describe('task dashboard state', () => {
  it('keeps the filters in the address, ignoring an unknown status', () => {
    const path = dashboardPath({ status: 'failed', type: 'Mail Object', master: 'cn=News,ou=tasks,dc=x' });
    expect(path).toBe('/tasks/dashboard?status=failed&type=Mail+Object&master=cn%3DNews%2Cou%3Dtasks%2Cdc%3Dx');
    expect(filtersOf(new URLSearchParams(path.split('?')[1]))).toEqual({ status: 'failed', type: 'Mail Object', master: 'cn=News,ou=tasks,dc=x' });
    expect(filtersOf(new URLSearchParams('status=pending'))).toEqual({});
    expect(dashboardPath({})).toBe('/tasks/dashboard');
  });

  it('refreshes while something is scheduled or running, not once all is done or failed', () => {
    expect(isPending(answer(1, 0))).toBe(true);
    expect(isPending(answer(0, 2))).toBe(true);
    expect(isPending(answer(0, 0))).toBe(false);
    expect(isPending(undefined)).toBe(false);
  });
});

describe('files widget', () => {
  it('sends names and contents only, and sees a reordered or replaced file as a change', () => {
    const a = { name: 'a.txt', content: 'YQ==', size: 1 };
    const b = { name: 'b.txt', content: 'Yg==', size: 1 };
    expect(filesToWire([a, b])).toEqual([{ name: 'a.txt', content: 'YQ==' }, { name: 'b.txt', content: 'Yg==' }]);
    expect(isFilesUnchanged([{ name: 'a.txt', content: 'YQ==' }], [a])).toBe(true);
    expect(isFilesUnchanged([b, a], [a, b])).toBe(false);
    expect(isFilesUnchanged([{ ...a, content: 'Yg==' }], [a])).toBe(false);
    expect(filesToWire(null)).toEqual([]);
  });
});
